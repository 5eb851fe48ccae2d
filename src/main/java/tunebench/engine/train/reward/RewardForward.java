package tunebench.engine.train.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import tunebench.engine.model.CausalLm;
import tunebench.engine.train.dpo.DpoBatch;

/**
 * The reward of each row of a batch: the decoder (with whatever adapter is on) up to its final
 * norm, then the value head at each row's last real token. Records for autograd when grad mode
 * is on; the caller owns the scope and the collector.
 */
public final class RewardForward {

    private RewardForward() {}

    /** @return (rows,) float32, chosen rows first as the batch holds them */
    public static NDArray rewards(CausalLm model, ValueHead head, DpoBatch batch, NDManager work) {
        List<NDArray> hidden = new ArrayList<>();
        model.forward(batch.inputIds(work), batch.attentionMask(work), batch.positionIds(work),
                null, false, hidden); // the logits go unused: the head reads the normed state
        return head.rewards(hidden.get(hidden.size() - 1), batch.attentionMask()); // (rows,)
    }
}
