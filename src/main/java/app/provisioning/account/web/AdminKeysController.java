package app.provisioning.account.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.provisioning.account.AdminKey;
import app.provisioning.account.AdminKeyService;

import app.provisioning.platform.AdminApi;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Keys of the administration API itself. */
@RestController
@AdminApi
@RequestMapping("/api/admin-keys")
class AdminKeysController {

	private final AdminKeyService keys;

	AdminKeysController(AdminKeyService keys) {
		this.keys = keys;
	}

	record KeyRequest(String label) {
	}

	/** {@code key} is filled only in the answer to the request that issued it. */
	record KeyResponse(UUID id, String label, Instant createdAt, Instant lastUsedAt, Instant revokedAt, String key) {

		static KeyResponse of(AdminKey key, String secret) {
			return new KeyResponse(key.getId(), key.getLabel(), key.getCreatedAt(), key.getLastUsedAt(),
					key.getRevokedAt(), secret);
		}

	}

	@PostMapping
	ResponseEntity<KeyResponse> issue(@RequestBody(required = false) KeyRequest request) {
		var issued = this.keys.issue((request != null) ? request.label() : null);
		return ResponseEntity.created(URI.create("/api/admin-keys/" + issued.adminKey().getId()))
			.body(KeyResponse.of(issued.adminKey(), issued.key()));
	}

	@GetMapping
	List<KeyResponse> list() {
		return this.keys.list().stream().map((key) -> KeyResponse.of(key, null)).toList();
	}

	@DeleteMapping("/{id}")
	KeyResponse revoke(@PathVariable UUID id) {
		return KeyResponse.of(this.keys.revoke(id), null);
	}

}
