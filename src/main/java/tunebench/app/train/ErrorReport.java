package tunebench.app.train;

import tunebench.app.ErrorDialog;
import tunebench.engine.train.TrainingException;

/**
 * A failure as the error dialog shows it: a headline, one sentence on why (the engine's own
 * message, which says what to change), and the technical details behind "Show Details".
 */
record ErrorReport(String headline, String reason, String details) {

    static ErrorReport of(String headline, Throwable error) {
        return new ErrorReport(headline, reason(error), details(error));
    }

    private static String reason(Throwable error) {
        // The run's own out-of-memory message already holds advice for its settings.
        boolean advised = error instanceof TrainingException && error.getMessage() != null;
        if (!advised && causedBy(error, OutOfMemoryError.class)) {
            return "Java ran out of memory (the limit is "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB). Lower the batch size or"
                    + " the max length, or start Tunebench with a larger -Xmx.";
        }
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return "Something unexpected went wrong (" + error.getClass().getSimpleName()
                    + "). The details below say more.";
        }
        return message;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Each cause's type and message; no stack trace. */
    private static String details(Throwable error) {
        return ErrorDialog.causes(error);
    }
}
