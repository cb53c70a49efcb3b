package app.provisioning.reconcile.web;

import java.util.Set;
import java.util.Optional;
import java.util.Map;
import java.time.Instant;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.platform.AdminApi;
import app.provisioning.reconcile.ConnectionSettings;
import app.provisioning.reconcile.ConnectionTest;
import app.provisioning.reconcile.GraphConnection;
import app.provisioning.reconcile.GraphConnections;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's Entra connection (the app registration that reads Graph) and "Test
 * Connection". The client secret is write-only: responses tell whether it is set and when
 * it expires.
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}/entra-connection")
class EntraConnectionController implements AuditSnapshot {

	private final GraphConnections connections;

	private final ConnectionTest test;

	EntraConnectionController(GraphConnections connections, ConnectionTest test) {
		this.connections = connections;
		this.test = test;
	}

	record ConnectionRequest(String tenantId, String clientId, String clientSecret, String applicationObjectId) {

		ConnectionSettings settings() {
			return new ConnectionSettings(this.tenantId, this.clientId, this.clientSecret, this.applicationObjectId);
		}

	}

	record ConnectionResponse(String tenantId, String clientId, String applicationObjectId, boolean clientSecretSet,
			Instant clientSecretExpiresAt, ConnectionTest.Result lastTest, Instant updatedAt) {

		static ConnectionResponse of(GraphConnection connection) {
			return new ConnectionResponse(connection.tenantId(), connection.clientId(),
					connection.applicationObjectId(), connection.clientSecretSet(), connection.clientSecretExpiresAt(),
					connection.lastTest(), connection.updatedAt());
		}

	}

	@GetMapping
	ConnectionResponse get(@PathVariable UUID accountId) {
		return ConnectionResponse.of(this.connections.get(accountId));
	}

	@PutMapping
	ConnectionResponse save(@PathVariable UUID accountId, @RequestBody ConnectionRequest request) {
		return ConnectionResponse.of(this.connections.save(accountId, request.settings()));
	}

	/** Tests the saved connection, or the settings in the body before saving them. */
	@PostMapping("/test")
	ConnectionTest.Result test(@PathVariable UUID accountId, @RequestBody(required = false) ConnectionRequest request) {
		return this.test.test(accountId, (request != null) ? request.settings() : null);
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/entra-connection", "/admin/accounts/{accountId}/connection");
	}

	/**
	 * What the audit trail records of this setting before and after a change: what a GET
	 * answers.
	 */
	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		return Optional.of(get(accountId));
	}

}
