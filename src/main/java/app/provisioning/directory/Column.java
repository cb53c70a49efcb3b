package app.provisioning.directory;

/**
 * A real column that a SCIM attribute is stored in, so filters and sorting use its index.
 */
record Column(String sql, Kind kind, boolean caseInsensitive) {

	enum Kind {

		UUID, TEXT, BOOLEAN, TIMESTAMP

	}

	static Column uuid(String sql) {
		return new Column(sql, Kind.UUID, false);
	}

	static Column text(String sql, boolean caseInsensitive) {
		return new Column(sql, Kind.TEXT, caseInsensitive);
	}

	static Column bool(String sql) {
		return new Column(sql, Kind.BOOLEAN, false);
	}

	static Column timestamp(String sql) {
		return new Column(sql, Kind.TIMESTAMP, false);
	}

	/**
	 * The expression to compare and sort by (lower-cased where the index is on lower()).
	 */
	String comparable() {
		return this.caseInsensitive ? "lower(" + this.sql + ")" : this.sql;
	}

}
