package app.provisioning.webhooks.web;

import java.util.Set;
import java.util.Optional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.platform.Refusal;
import app.provisioning.platform.AdminApi;
import app.provisioning.webhooks.WebhookDeliveries;
import app.provisioning.webhooks.WebhookEndpoint;
import app.provisioning.webhooks.WebhookEndpoints;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An account's webhook endpoints and their delivery logs (docs/webhooks.md). */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}/webhooks")
class WebhooksController implements AuditSnapshot {

	private final WebhookEndpoints endpoints;

	private final WebhookDeliveries deliveries;

	WebhooksController(WebhookEndpoints endpoints, WebhookDeliveries deliveries) {
		this.endpoints = endpoints;
		this.deliveries = deliveries;
	}

	record Redelivery(String eventId, String since) {
	}

	@GetMapping
	Map<String, List<WebhookEndpoint>> list(@PathVariable UUID accountId) {
		return Map.of("endpoints", this.endpoints.list(accountId));
	}

	/** The only answer, with rotation's, that holds the secret. */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	WebhookEndpoint.WithSecret create(@PathVariable UUID accountId,
			@RequestBody(required = false) WebhookEndpoints.Changes request) {
		return this.endpoints.create(accountId, request);
	}

	@GetMapping("/{endpointId}")
	WebhookEndpoint get(@PathVariable UUID accountId, @PathVariable UUID endpointId) {
		return this.endpoints.get(accountId, endpointId);
	}

	@PatchMapping("/{endpointId}")
	WebhookEndpoint update(@PathVariable UUID accountId, @PathVariable UUID endpointId,
			@RequestBody(required = false) WebhookEndpoints.Changes request) {
		return this.endpoints.update(accountId, endpointId, request);
	}

	@DeleteMapping("/{endpointId}")
	ResponseEntity<Void> delete(@PathVariable UUID accountId, @PathVariable UUID endpointId) {
		this.endpoints.delete(accountId, endpointId);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{endpointId}/rotate-secret")
	WebhookEndpoint.WithSecret rotate(@PathVariable UUID accountId, @PathVariable UUID endpointId) {
		return this.endpoints.rotateSecret(accountId, endpointId);
	}

	@PostMapping("/{endpointId}/test")
	@ResponseStatus(HttpStatus.ACCEPTED)
	WebhookDeliveries.Delivery test(@PathVariable UUID accountId, @PathVariable UUID endpointId) {
		return this.deliveries.sendTest(accountId, endpointId);
	}

	@PostMapping("/{endpointId}/redeliver")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Integer> redeliver(@PathVariable UUID accountId, @PathVariable UUID endpointId,
			@RequestBody(required = false) Redelivery request) {
		if (request == null) {
			throw Refusal.invalid("give eventId or since in the body");
		}
		Instant since = null;
		if (request.since() != null) {
			try {
				since = Instant.parse(request.since());
			}
			catch (DateTimeParseException ex) {
				throw Refusal.invalid("since must be a time like 2026-12-01T00:00:00Z, not '" + request.since() + "'");
			}
		}
		return Map.of("queued", this.deliveries.redeliver(accountId, endpointId, request.eventId(), since));
	}

	@GetMapping("/{endpointId}/deliveries")
	WebhookDeliveries.Page deliveries(@PathVariable UUID accountId, @PathVariable UUID endpointId,
			@RequestParam(required = false) String state, @RequestParam(required = false) String before,
			@RequestParam(required = false) Integer limit) {
		return this.deliveries.list(accountId, endpointId, state, before, limit);
	}

	@GetMapping("/{endpointId}/deliveries/{deliveryId}")
	WebhookDeliveries.Delivery delivery(@PathVariable UUID accountId, @PathVariable UUID endpointId,
			@PathVariable long deliveryId) {
		return this.deliveries.get(accountId, endpointId, deliveryId);
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/webhooks/{endpointId}",
				"/admin/accounts/{accountId}/webhooks/{endpointId}/enabled",
				"/admin/accounts/{accountId}/webhooks/{endpointId}/delete");
	}

	/**
	 * What the audit trail records of this setting before and after a change: what a GET
	 * answers.
	 */
	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		return Optional.of(get(accountId, AuditSnapshot.id(variables, "endpointId")));
	}

}
