/** Scorers turn a feature vector into a reconstruction error. */
package io.latentwatch.scoring;
