package app.provisioning.directory;

/**
 * The two ways a statement says "not deleted", one per kind of statement. They mean the
 * same; they differ in which indexes PostgreSQL may use, and that must not depend on its
 * statistics (migration V13 says why).
 * <ul>
 * <li>A statement that pins its rows by a key (id, userName, externalId, an email, a
 * group's displayName) says it as {@link #byKey}: the partial indexes cannot serve it, so
 * it is answered through the key's own index even when no statistics exist yet.</li>
 * <li>A list (paging, sorting, ranges) says {@link #inList}, which the partial indexes on
 * {@code (account_id, …) where deleted_at is null} serve in the account's order.</li>
 * </ul>
 */
final class LiveRows {

	private LiveRows() {
	}

	/**
	 * For statements that look rows up by a key; {@code prefix} is the table alias with
	 * its dot, or "".
	 */
	static String byKey(String prefix) {
		return "(CASE WHEN " + prefix + "deleted_at IS NULL THEN true END)";
	}

	/** For statements that list an account's rows. */
	static String inList(String prefix) {
		return prefix + "deleted_at IS NULL";
	}

}
