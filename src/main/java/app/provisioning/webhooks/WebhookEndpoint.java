package app.provisioning.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A receiver of an account's events, as the API and console show it (never the secret).
 *
 * @param eventTypes the types sent; empty for all
 * @param failingSince when deliveries began to fail without one succeeding since
 * @param previousSecretExpiresAt until when the secret before the last rotation still
 * signs
 */
public record WebhookEndpoint(UUID id, UUID accountId, String url, String description, List<String> eventTypes,
		boolean enabled, String disabledReason, Instant disabledAt, Instant failingSince,
		Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {

	/**
	 * An endpoint with the secret it signs with, returned once: on creation and rotation.
	 */
	public record WithSecret(@JsonUnwrapped WebhookEndpoint endpoint, String secret) {
	}

}
