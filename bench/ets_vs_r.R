# Maximised ETS(A,Ad,N) log-likelihood of R's ets() on 19 M3 yearly series (train part), for
# comparison with utsikt's optimiser by bench/ets_vs_r.cpp.
#   Rscript bench/ets_vs_r.R ../shared/data/m3-yearly/m3_yearly_long.csv > build/ets_vs_r.txt
# Output per line: series, R's full Gaussian log-likelihood, alpha beta phi.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
long <- read.csv(args[1])
long <- long[long$part == "train", ]
ids <- sprintf("N%04d", c(2, 5, 10, 20, 50, 80, 120, 150, 200, 250, 300, 350, 400, 450, 520, 560,
                          600, 620, 640))
for (id in ids) {
  d <- long[long$series == id, ]
  d <- d[order(d$t), ]
  e <- ets(d$value, model = "AAN", damped = TRUE)
  n <- nrow(d)
  cat(id, e$loglik - 0.5 * n * (log(2 * pi / n) + 1), paste(round(e$par[1:3], 4), collapse = " "),
      "\n")
}
