package io.latentwatch.config;

import io.latentwatch.LatentwatchException;

/** A detector setting that is unknown, missing or has a bad value; the message names the key. */
public class ConfigurationException extends LatentwatchException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
