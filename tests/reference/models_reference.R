# Reference values for tests/unit/models_test.cpp from R's stats and forecast packages.
# Produces tests/reference/models_reference.csv (columns series,model,quantity,index,value).
#
# Run (from the repository root):
#   Rscript tests/reference/models_reference.R > tests/reference/models_reference.csv
# Produced with R 4 and forecast 8.20 (the version is written into the CSV as a comment row).
#
# Calls per series y observed at years t:
#   linear:    fit <- lm(y ~ t); coef(fit); summary(fit)$sigma; predict(fit, data.frame(t = ...))
#   rw_drift:  f <- rwf(y, drift = TRUE, h = 5); f$model$par$drift; sqrt(f$model$sigma2); f$mean
#   rw:        f <- rwf(y, drift = FALSE, h = 5); sqrt(f$model$sigma2); f$mean
#   ets:       e <- ets(y, model = "AAN", damped = TRUE); e$par; e$loglik; forecast(e, h = 5)$mean
#              and at fixed parameters (alpha, beta, phi, l0, b0) = (0.6, 0.15, 0.9, y1, y2 - y1):
#              r <- forecast:::pegelsresid.C(y, 1, c(l0, b0), "A", "A", "N", TRUE, alpha, beta,
#                                            NULL, phi, 3)
#              loglik from r$lik, mean forecasts from the last state row of r$states.
#              Note: R's ets loglik is -0.5 * n * log(SSE) (no constants); the full Gaussian
#              log-likelihood is that minus 0.5 * n * (log(2 * pi / n) + 1).
suppressMessages(library(forecast))

series <- list(
  short11 = list(t = 2010:2020,
                 y = c(12.1, 12.9, 13.4, 13.2, 14.8, 15.1, 15.9, 16.2, 16.0, 17.3, 17.9)),
  # M3 yearly N0001 (MICRO, sales), train part
  m3_N0001 = list(t = 1975:1988,
                  y = c(940.66, 1084.86, 1244.98, 1445.02, 1683.17, 2038.15, 2342.52, 2602.45,
                        2927.87, 3103.96, 3360.27, 3807.63, 4387.88, 4936.99)),
  # M3 yearly N0500, train part (rise, fall, recovery)
  m3_N0500 = list(t = 1971:1989,
                  y = c(3247.35, 3826.2, 4273.1, 4625.9, 5266.45, 6009.6, 6772.35, 7298.5, 7009,
                        6377.5, 5925, 5703.75, 5590.25, 5443.75, 5520.9, 5891.6, 6034.9, 6533.6,
                        6976.15)),
  # M3 yearly N0020, train part (R's ets and ours reach nearly the same optimum)
  m3_N0020 = list(t = 1975:1988,
                  y = c(1675.65, 1870.84, 2090.81, 2422.31, 2785.49, 2857.19, 3318.5, 4095.3,
                        4296.5, 4808.26, 5037.62, 7432.37, 9712.9, 9902)),
  # M3 yearly N0640, train part (level with noise; nearly the same optimum)
  m3_N0640 = list(t = 1955:1985,
                  y = c(6120, 6440, 7480, 5080, 7960, 5920, 6560, 6640, 6240, 7280, 6640, 6880,
                        7320, 6760, 7960, 6320, 6560, 6200, 7800, 6360, 5760, 7360, 7120, 7280,
                        6800, 7880, 6920, 7080, 7080, 6480, 7040)),
  # M3 yearly N0100, train part (noisy)
  m3_N0100 = list(t = 1975:1988,
                  y = c(1424.7, 1546.5, 1615.7, 1868.7, 2041.5, 2303.3, 2615, 2123, 2295, 2515,
                        2011, 2166, 2210, 2540))
)

out <- data.frame(series = character(), model = character(), quantity = character(),
                  index = integer(), value = character(), stringsAsFactors = FALSE)
add <- function(s, m, q, i, v) {
  out[nrow(out) + 1, ] <<- list(s, m, q, as.integer(i), sprintf("%.12g", v))
}
H <- 5
for (nm in names(series)) {
  t <- series[[nm]]$t; y <- series[[nm]]$y
  for (i in seq_along(y)) { add(nm, "data", "t", i, t[i]); add(nm, "data", "y", i, y[i]) }

  fit <- lm(y ~ t)
  add(nm, "linear", "intercept", 0, coef(fit)[1])
  add(nm, "linear", "slope", 0, coef(fit)[2])
  add(nm, "linear", "sigma", 0, summary(fit)$sigma)
  add(nm, "linear", "loglik", 0, as.numeric(logLik(fit)))
  pf <- predict(fit, data.frame(t = max(t) + 1:H))
  for (h in 1:H) add(nm, "linear", "mean", h, pf[h])

  f <- rwf(y, drift = TRUE, h = H)
  add(nm, "rw_drift", "drift", 0, f$model$par$drift)
  add(nm, "rw_drift", "drift_se", 0, f$model$par$drift.se)
  add(nm, "rw_drift", "sigma", 0, sqrt(f$model$sigma2))
  for (h in 1:H) add(nm, "rw_drift", "mean", h, f$mean[h])

  f <- rwf(y, drift = FALSE, h = H)
  add(nm, "rw", "sigma", 0, sqrt(f$model$sigma2))
  for (h in 1:H) add(nm, "rw", "mean", h, f$mean[h])

  e <- ets(y, model = "AAN", damped = TRUE)
  for (p in c("alpha", "beta", "phi", "l", "b")) add(nm, "ets_damped", p, 0, e$par[[p]])
  add(nm, "ets_damped", "loglik_r", 0, e$loglik)
  n <- length(y)
  add(nm, "ets_damped", "loglik_full", 0, e$loglik - 0.5 * n * (log(2 * pi / n) + 1))
  fc <- forecast(e, h = H)$mean
  for (h in 1:H) add(nm, "ets_damped", "mean", h, fc[h])

  fixed <- c(alpha = 0.6, beta = 0.15, phi = 0.9, l = y[1], b = y[2] - y[1])
  r <- forecast:::pegelsresid.C(y, 1, c(fixed[["l"]], fixed[["b"]]), "A", "A", "N", TRUE,
                                fixed[["alpha"]], fixed[["beta"]], NULL, fixed[["phi"]], 3)
  for (p in names(fixed)) add(nm, "ets_fixed", p, 0, fixed[[p]])
  add(nm, "ets_fixed", "loglik_full", 0, -0.5 * r$lik - 0.5 * n * (log(2 * pi / n) + 1))
  st <- r$states[nrow(r$states), ]
  for (h in 1:H) add(nm, "ets_fixed", "mean", h, st[1] + sum(fixed[["phi"]]^(1:h)) * st[2])
}
cat(sprintf("# R %s, forecast %s; generated by tests/reference/models_reference.R\n",
            paste(R.version$major, R.version$minor, sep = "."), packageVersion("forecast")))
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
