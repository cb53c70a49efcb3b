package app.provisioning.account.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.provisioning.account.oauth.OAuthClient;
import app.provisioning.account.oauth.OAuthClients;
import app.provisioning.account.oauth.SigningKeys;

import app.provisioning.platform.AdminApi;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * OAuth clients of an account and the server's token-signing keys (administration API).
 */
@RestController
@AdminApi
class OAuthAdminController {

	private final OAuthClients clients;

	private final SigningKeys keys;

	OAuthAdminController(OAuthClients clients, SigningKeys keys) {
		this.clients = clients;
		this.keys = keys;
	}

	record ClientRequest(String label) {
	}

	/** {@code clientSecret} is filled only when a secret was just created. */
	record ClientResponse(UUID id, String clientId, String label, Instant createdAt, Instant secretSetAt,
			Instant lastUsedAt, Instant revokedAt, String clientSecret) {

		static ClientResponse of(OAuthClient client, String secret) {
			return new ClientResponse(client.getId(), client.getClientId(), client.getLabel(), client.getCreatedAt(),
					client.getSecretSetAt(), client.getLastUsedAt(), client.getRevokedAt(), secret);
		}

	}

	@PostMapping("/api/accounts/{accountId}/oauth-clients")
	ResponseEntity<ClientResponse> issue(@PathVariable UUID accountId,
			@RequestBody(required = false) ClientRequest request) {
		var issued = this.clients.issue(accountId, (request != null) ? request.label() : null);
		return ResponseEntity
			.created(URI.create("/api/accounts/" + accountId + "/oauth-clients/" + issued.client().getId()))
			.body(ClientResponse.of(issued.client(), issued.clientSecret()));
	}

	@GetMapping("/api/accounts/{accountId}/oauth-clients")
	List<ClientResponse> list(@PathVariable UUID accountId) {
		return this.clients.list(accountId).stream().map((client) -> ClientResponse.of(client, null)).toList();
	}

	@PostMapping("/api/accounts/{accountId}/oauth-clients/{id}/secret")
	ClientResponse rotateSecret(@PathVariable UUID accountId, @PathVariable UUID id) {
		var issued = this.clients.rotateSecret(accountId, id);
		return ClientResponse.of(issued.client(), issued.clientSecret());
	}

	@DeleteMapping("/api/accounts/{accountId}/oauth-clients/{id}")
	ClientResponse revoke(@PathVariable UUID accountId, @PathVariable UUID id) {
		return ClientResponse.of(this.clients.revoke(accountId, id), null);
	}

	@GetMapping("/api/signing-keys")
	List<SigningKeys.KeyInfo> signingKeys() {
		return this.keys.list();
	}

	@PostMapping("/api/signing-keys/rotate")
	SigningKeys.KeyInfo rotate() {
		return this.keys.rotate();
	}

	@DeleteMapping("/api/signing-keys/{kid}")
	ResponseEntity<Void> retire(@PathVariable String kid) {
		this.keys.retire(kid);
		return ResponseEntity.noContent().build();
	}

}
