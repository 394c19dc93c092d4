#!/usr/bin/env Rscript
# Reference values for the ARIMA and Theta models (tests/unit/arima_theta_test.cpp).
# Produced with R 4.2.2 and forecast 8.20 from the M3 yearly data (see ../../../shared/data/SOURCES.md).
# usage (from the repository root):
#   Rscript tests/reference/arima_theta_reference.R ../shared/data/m3-yearly/m3_yearly_long.csv tests/reference
# Writes:
#   ref_series.csv  series,i,value        the training values (so the tests need no shared data)
#   ref_arima.csv   series,kind,p,d,q,constant,loglik,aicc,f1..f6
#                   kind=auto: auto.arima(y); kind=fixed111: Arima(y, order=c(1,1,1), include.drift=TRUE)
#   ref_kpss.csv    series,stat,ndiffs      urca::ur.kpss(y, type="mu", use.lag=trunc(3*sqrt(n)/13)), ndiffs(y)
#   ref_missing.csv series,missing,p,d,q,loglik,f1..f6   Arima with NA values (the Kalman filter skips them):
#                   y[c(3,8)] <- NA; Arima(y, order=c(1,1,0), include.drift=TRUE)
#   ref_theta.csv   series,step,mean,lo80,hi80,lo95,hi95,alpha,sigma2    thetaf(y, h=6)
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
out <- args[2]
ids <- c("N0001", "N0013", "N0050", "N0100", "N0150", "N0200", "N0250", "N0300", "N0350",
         "N0400", "N0450", "N0500", "N0550", "N0600", "N0645")
ser <- list(); ar <- list(); th <- list(); kp <- list(); mi <- list()
for (id in ids) {
  s <- d[d$series == id & d$part == "train", ]
  s <- s[order(s$time), ]
  y <- ts(s$value, start = 1, frequency = 1)
  ser[[id]] <- data.frame(series = id, i = seq_along(y), value = sprintf("%.10g", s$value))
  row <- function(kind, fit) {
    o <- arimaorder(fit)
    cst <- as.integer(any(names(coef(fit)) %in% c("intercept", "drift")))
    f <- as.numeric(forecast(fit, h = 6)$mean)
    data.frame(series = id, kind = kind, p = o[1], d = o[2], q = o[3], constant = cst,
               loglik = sprintf("%.8f", fit$loglik), aicc = sprintf("%.8f", fit$aicc),
               f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6])
  }
  ar[[paste(id, "a")]] <- row("auto", auto.arima(y))
  fx <- tryCatch(Arima(y, order = c(1, 1, 1), include.drift = TRUE), error = function(e) NULL)
  if (!is.null(fx)) ar[[paste(id, "f")]] <- row("fixed111", fx)
  kp[[id]] <- data.frame(series = id,
    stat = sprintf("%.10f", urca::ur.kpss(as.numeric(y), type = "mu",
                                          use.lag = trunc(3 * sqrt(length(y)) / 13))@teststat),
    ndiffs = ndiffs(y))
  if (id %in% c("N0100", "N0250", "N0500", "N0645")) {
    ym <- y; ym[c(3, 8)] <- NA
    fm <- Arima(ym, order = c(1, 1, 0), include.drift = TRUE)
    f <- as.numeric(forecast(fm, h = 6)$mean)
    mi[[id]] <- data.frame(series = id, missing = "3;8", p = 1, d = 1, q = 0,
                           loglik = sprintf("%.8f", fm$loglik), f1 = f[1], f2 = f[2], f3 = f[3],
                           f4 = f[4], f5 = f[5], f6 = f[6])
  }
  tf <- thetaf(y, h = 6, level = c(80, 95))
  th[[id]] <- data.frame(series = id, step = 1:6, mean = as.numeric(tf$mean),
                         lo80 = as.numeric(tf$lower[, 1]), hi80 = as.numeric(tf$upper[, 1]),
                         lo95 = as.numeric(tf$lower[, 2]), hi95 = as.numeric(tf$upper[, 2]),
                         alpha = unname(tf$model$alpha), sigma2 = tf$model$sigma)
}
write.csv(do.call(rbind, ser), file.path(out, "ref_series.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, ar), file.path(out, "ref_arima.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, kp), file.path(out, "ref_kpss.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, mi), file.path(out, "ref_missing.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, th), file.path(out, "ref_theta.csv"), row.names = FALSE, quote = FALSE)
