package tunebench.app.dataset;

/**
 * One entry of a filter's drop-down: the value it filters on and what the list shows, with a
 * count ("duplicate (3)"). The value is null for the entry that shows everything.
 */
public record FilterChoice(String value, String label) {

    @Override
    public String toString() {
        return label;
    }
}
