package tunebench.engine.adapter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;

/**
 * Pretty-prints like Python's {@code json.dumps(indent=2)}: two-space indent, "key": value,
 * empty objects as {}. So our adapter_config.json is byte-for-byte PEFT's layout.
 */
final class PythonJsonPrinter extends DefaultPrettyPrinter {

    private static final long serialVersionUID = 1L;

    PythonJsonPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        indentObjectsWith(indenter);
        indentArraysWith(indenter);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
        return new PythonJsonPrinter();
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
        if (nrOfEntries == 0) {
            g.writeRaw('}');
            return;
        }
        super.writeEndObject(g, nrOfEntries);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
        if (nrOfValues == 0) {
            g.writeRaw(']');
            return;
        }
        super.writeEndArray(g, nrOfValues);
    }
}
