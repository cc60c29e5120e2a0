package io.latentwatch.training;

import io.latentwatch.LatentwatchException;

/** Training settings or training data that would give a useless model; the message says why. */
public class TrainingException extends LatentwatchException {

    public TrainingException(String message) {
        super(message);
    }
}
