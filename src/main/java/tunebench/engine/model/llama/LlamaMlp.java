package tunebench.engine.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import tunebench.engine.model.Linear;

/** The SiLU-gated feed-forward block: down_proj(silu(gate_proj(x)) * up_proj(x)). */
final class LlamaMlp {

    final Linear gateProj;
    final Linear upProj;
    final Linear downProj;

    LlamaMlp(Linear gate, Linear up, Linear down) {
        this.gateProj = gate;
        this.upProj = up;
        this.downProj = down;
    }

    /** x (batch, seq, hidden) -> (batch, seq, hidden). */
    NDArray forward(NDArray x) {
        NDArray gate = gateProj.forward(x); // (batch, seq, intermediate)
        NDArray silu = gate.mul(Activation.sigmoid(gate));
        return downProj.forward(silu.mul(upProj.forward(x)));
    }
}
