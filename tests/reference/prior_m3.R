# Derives the prior for the one-year innovation standard deviation on the log scale
# (ModelInput::prior_sigma / prior_df, see docs/methods.md "The prior") from the M3 yearly
# series, train part only.
#
# Model (empirical Bayes, hierarchical):
#   series j has one-year log changes d_jt ~ N(drift_j, sigma_j^2), t = 1..m_j
#   sigma_j^2 ~ Scaled-Inv-chi^2(nu0, s0^2)     (the prior utsikt uses)
# Then S_j = SSE_j / (m_j - 1) (sample variance of the log changes) satisfies
#   S_j / s0^2 ~ F(m_j - 1, nu0),
# so (nu0, s0) can be estimated by maximum likelihood over the F densities ("ml" rows).
# The ML fit matches the bulk poorly (its sigma quantiles are too low at the median and far too
# high above the 90th percentile), because the across-series spread of log sigma is close to
# symmetric, which no inverse chi-square matches exactly. utsikt therefore uses the
# minimum-distance fit ("qm" rows): (nu0, s0) minimise the squared differences between the
# empirical quantiles 5 %, 10 %, ..., 95 % of log S_j and those implied by the hierarchical
# model (computed by simulation with fixed random numbers, 200 replicates per series, so that
# the sampling noise of S_j given sigma_j is included).
#
# Run: Rscript tests/reference/prior_m3.R /work/wt/shared/data/m3-yearly/m3_yearly_long.csv \
#        /work/wt/shared/data/m3-yearly/m3_yearly_meta.csv
args <- commandArgs(trailingOnly = TRUE)
long <- read.csv(args[1], stringsAsFactors = FALSE)
meta <- read.csv(args[2], stringsAsFactors = FALSE)
long <- long[long$part == "train", ]
long <- long[order(long$series, long$t), ]

stats <- do.call(rbind, lapply(split(long, long$series), function(d) {
  if (any(d$value <= 0)) return(NULL)
  x <- diff(log(d$value))
  data.frame(series = d$series[1], m = length(x), S = var(x))
}))
stats$category <- meta$category[match(stats$series, meta$series)]

fit_prior <- function(st) {
  nll <- function(p) {
    nu0 <- exp(p[1]); s0sq <- exp(2 * p[2])
    -sum(df(st$S / s0sq, st$m - 1, nu0, log = TRUE) - log(s0sq))
  }
  o <- optim(c(log(4), log(sqrt(median(st$S)))), nll, method = "Nelder-Mead",
             control = list(reltol = 1e-12, maxit = 5000))
  c(n_series = nrow(st), nu0 = exp(o$par[1]), s0 = exp(o$par[2]),
    median_sd = median(sqrt(st$S)), q10_sd = unname(quantile(sqrt(st$S), 0.1)),
    q90_sd = unname(quantile(sqrt(st$S), 0.9)))
}

fit_qm <- function(st) {
  qs <- seq(0.05, 0.95, by = 0.05)
  emp <- quantile(log(st$S), qs)
  R <- 200
  set.seed(20261128)
  U1 <- matrix(runif(nrow(st) * R), nrow(st))
  U2 <- matrix(runif(nrow(st) * R), nrow(st))
  implied <- function(p) {
    nu0 <- exp(p[1]); s0 <- exp(p[2])
    sig2 <- s0^2 * nu0 / qchisq(U1, nu0)
    Sx <- sig2 * qchisq(U2, st$m - 1) / (st$m - 1)
    quantile(log(Sx), qs)
  }
  o <- optim(c(log(3), log(0.06)), function(p) sum((implied(p) - emp)^2),
             control = list(reltol = 1e-10))
  imp <- sqrt(exp(implied(o$par)))
  c(nu0 = exp(o$par[1]), s0 = exp(o$par[2]), imp_q05 = imp[[1]], imp_q50 = imp[[10]],
    imp_q95 = imp[[19]])
}

cat("fit,group,n_series,nu0,s0,median_sd,q10_sd,q90_sd\n")
groups <- c("ALL", sort(unique(stats$category)))
for (g in groups) {
  st <- if (g == "ALL") stats else stats[stats$category == g, ]
  if (nrow(st) < 10) next
  res <- fit_prior(st)
  cat(sprintf("ml,%s,%d,%.4f,%.5f,%.5f,%.5f,%.5f\n", g, res[1], res[2], res[3], res[4], res[5], res[6]))
}
cat("\nfit,group,nu0,s0,emp_q05_sd,emp_q50_sd,emp_q95_sd,implied_q05_sd,implied_q50_sd,implied_q95_sd\n")
for (g in groups) {
  st <- if (g == "ALL") stats else stats[stats$category == g, ]
  if (nrow(st) < 10) next
  res <- fit_qm(st)
  e <- quantile(sqrt(st$S), c(0.05, 0.5, 0.95))
  cat(sprintf("qm,%s,%.4f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f\n", g, res[1], res[2], e[1], e[2], e[3],
              res[3], res[4], res[5]))
}
