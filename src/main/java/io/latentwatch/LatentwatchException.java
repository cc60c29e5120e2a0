package io.latentwatch;

/**
 * Base type of every error Latentwatch raises on purpose.
 *
 * <p>Messages name what was wrong and with which value, so that a failed start or a refused model
 * bundle can be fixed from the message alone.
 */
public class LatentwatchException extends RuntimeException {

    public LatentwatchException(String message) {
        super(message);
    }

    public LatentwatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
