package app.provisioning.account.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountApiKey;
import app.provisioning.account.AccountApiKeyService;
import app.provisioning.platform.AdminApi;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Keys of the administration API for one account's own automation. */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}/api-keys")
class AccountApiKeysController {

	private final AccountApiKeyService keys;

	AccountApiKeysController(AccountApiKeyService keys) {
		this.keys = keys;
	}

	record KeyRequest(String label, String role, Instant expiresAt) {
	}

	/** {@code key} is filled only in the answer to the request that issued it. */
	record KeyResponse(UUID id, String label, String role, Instant createdAt, String createdBy, Instant expiresAt,
			Instant lastUsedAt, Instant revokedAt, String key) {

		static KeyResponse of(AccountApiKey key, String secret) {
			return new KeyResponse(key.getId(), key.getLabel(), key.getRole().value(), key.getCreatedAt(),
					key.getCreatedBy(), key.getExpiresAt(), key.getLastUsedAt(), key.getRevokedAt(), secret);
		}

	}

	@PostMapping
	ResponseEntity<KeyResponse> issue(@PathVariable UUID accountId, @RequestBody(required = false) KeyRequest request,
			Authentication caller) {
		KeyRequest body = (request != null) ? request : new KeyRequest(null, null, null);
		var issued = this.keys.issue(accountId, body.label(), body.role(), body.expiresAt(), AccountAccess.of(caller));
		return ResponseEntity.created(URI.create("/api/accounts/" + accountId + "/api-keys/" + issued.apiKey().getId()))
			.body(KeyResponse.of(issued.apiKey(), issued.key()));
	}

	@GetMapping
	List<KeyResponse> list(@PathVariable UUID accountId) {
		return this.keys.list(accountId).stream().map((key) -> KeyResponse.of(key, null)).toList();
	}

	@DeleteMapping("/{keyId}")
	KeyResponse revoke(@PathVariable UUID accountId, @PathVariable UUID keyId) {
		return KeyResponse.of(this.keys.revoke(accountId, keyId), null);
	}

}
