package tunebench.engine.train.dpo;

import java.util.Locale;

/** The preference losses, named as TRL's {@code loss_type} names them. */
public enum DpoLossType {
    /** The DPO paper's loss, −log σ(β z) (https://arxiv.org/abs/2305.18290, eq. 7). */
    SIGMOID("sigmoid"),
    /** SLiC's hinge, max(0, 1 − β z) (https://arxiv.org/abs/2305.10425). */
    HINGE("hinge"),
    /** IPO, (z − 1/(2β))² on length-averaged log-probs (https://arxiv.org/abs/2310.12036, eq. 17). */
    IPO("ipo"),
    /**
     * TRL 0.7.x's paired KTO (HALOs, https://arxiv.org/abs/2402.01306, eq. 7); later TRL moved
     * KTO to its own trainer. Kept because the reference fixture holds it.
     */
    KTO_PAIR("kto_pair");

    private final String trlName;

    DpoLossType(String trlName) {
        this.trlName = trlName;
    }

    public String trlName() {
        return trlName;
    }

    /** By TRL's name ("sigmoid", "ipo", ...), as a config file or the CLI writes it. */
    public static DpoLossType of(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (DpoLossType t : values()) {
            if (t.trlName.equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown DPO loss type '" + name
                + "'; known: sigmoid, hinge, ipo, kto_pair");
    }
}
