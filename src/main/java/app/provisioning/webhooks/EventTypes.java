package app.provisioning.webhooks;

import java.util.List;

/**
 * The event types an endpoint can ask for: those of the change feed (migration V14's
 * triggers), and the account's alerts.
 */
public final class EventTypes {

	public static final List<String> KNOWN = List.of("person.created", "person.updated", "person.deactivated",
			"person.reactivated", "login_user.created", "login_user.updated", "login_user.permission_changed",
			"login_user.deactivated", "login_user.reactivated", "record.entra_state_changed",
			WebhookNotices.ALERT_FIRED, WebhookNotices.ALERT_RESOLVED);

	/** Sent by "send test event" whatever types the endpoint asked for. */
	public static final String TEST = "webhook.test";

	private EventTypes() {
	}

}
