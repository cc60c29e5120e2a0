/** Judging models: ROC and precision-recall figures, the PCA baseline, and report charts. */
package io.latentwatch.evaluation;
