package app.provisioning.platform;

import java.util.Collection;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.springframework.jdbc.support.SqlArrayValue;

/**
 * A statement that names some ids, written twice: {@code = parameter} for one id and
 * {@code = ANY(parameter)} for several. PostgreSQL plans a statement with an array
 * parameter anew on every execution whenever its plan for the array it is given (one
 * element) looks cheaper than a plan for an array of unknown length, which on tables of
 * real size it does; for a member Add that planning cost more than running its
 * statements. Most requests name one id, and the one-id form is planned once per
 * connection.
 *
 * @param one the statement for exactly one id
 * @param many the statement for any number of ids
 */
public record IdsStatement(String one, String many) {

	/**
	 * Builds both forms; {@code statement} puts the comparison it is given (without the
	 * column) where the ids are matched, as often as it needs.
	 */
	public static IdsStatement of(String parameter, UnaryOperator<String> statement) {
		return new IdsStatement(statement.apply("= " + parameter), statement.apply("= ANY(" + parameter + ")"));
	}

	/** The form for these ids. */
	public String sql(Collection<UUID> ids) {
		return (ids.size() == 1) ? this.one : this.many;
	}

	/** The value to bind for these ids in the form {@link #sql} chose. */
	public static Object parameter(Collection<UUID> ids) {
		return (ids.size() == 1) ? ids.iterator().next() : new SqlArrayValue("uuid", ids.toArray());
	}

}
