package app.provisioning.audit;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One administrative action.
 *
 * @param action the route, e.g. {@code PATCH /api/accounts/{accountId}/reconciliation}
 * @param target the path acted on
 * @param before the setting before the action, as JSON (null when not a setting, or new)
 * @param after the setting after it, or what was sent, as JSON, secrets removed
 */
public record AuditEvent(long id, UUID accountId, Instant at, String actor, String address, String userAgent,
		String action, String target, int status, @JsonRawValue String before, @JsonRawValue String after) {
}
