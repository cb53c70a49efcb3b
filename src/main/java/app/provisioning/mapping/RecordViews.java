package app.provisioning.mapping;

/**
 * The names other features use for the records: the views this feature publishes for
 * reading them in SQL (migration V29), and the record kind's label as logs and progress
 * cursors show it.
 */
public final class RecordViews {

	private RecordViews() {
	}

	/** A view of the records of the target's kind, for reading only. */
	public static String view(FieldMap.Target target) {
		return (target == FieldMap.Target.PEOPLE) ? "published_person" : "published_login_user";
	}

	/** "person" or "login_user", as the sync log names the record's kind. */
	public static String label(FieldMap.Target target) {
		return (target == FieldMap.Target.PEOPLE) ? "person" : "login_user";
	}

}
