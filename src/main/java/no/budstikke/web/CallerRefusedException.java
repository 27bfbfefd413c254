package no.budstikke.web;

/** An authenticated caller that an operation refuses by who it is, with the status Altinn answers for it. */
public class CallerRefusedException extends RuntimeException {

    private final int status;

    public CallerRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
