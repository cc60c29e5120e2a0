package io.latentwatch.stream;

import io.latentwatch.LatentwatchException;

/** A record that cannot be scored, with the reason code its dead letter carries. */
public class InvalidRecordException extends LatentwatchException {

    private final Reason reason;

    public InvalidRecordException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
