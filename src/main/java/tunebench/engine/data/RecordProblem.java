package tunebench.engine.data;

/**
 * A problem of one record of a {@link DatasetDocument}: its position in the document, which
 * stays meaningful for records not saved yet, and the problem with the record's line.
 */
public record RecordProblem(int index, DataProblem problem) {}
