package app.provisioning.logins.web;

import java.util.Set;
import java.util.Optional;
import java.util.Map;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.logins.PermissionLevel;
import app.provisioning.logins.PermissionLevels;
import app.provisioning.platform.AdminApi;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Permission levels of an account (administration API). */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}/permission-levels")
class PermissionLevelsController implements AuditSnapshot {

	private final PermissionLevels levels;

	PermissionLevelsController(PermissionLevels levels) {
		this.levels = levels;
	}

	record LevelRequest(String name, Integer rank) {
	}

	record LevelResponse(UUID id, String name, int rank, String groupId, Instant createdAt) {
	}

	record GroupRequest(String groupId) {
	}

	private LevelResponse of(UUID accountId, PermissionLevel level) {
		return new LevelResponse(level.getId(), level.getName(), level.getRank(),
				this.levels.groupOf(accountId, level.getId()), level.getCreatedAt());
	}

	@PostMapping
	ResponseEntity<LevelResponse> create(@PathVariable UUID accountId, @RequestBody LevelRequest request) {
		LevelResponse created = of(accountId, this.levels.create(accountId, request.name(), request.rank()));
		return ResponseEntity.created(URI.create("/api/accounts/" + accountId + "/permission-levels/" + created.id()))
			.body(created);
	}

	@GetMapping
	List<LevelResponse> list(@PathVariable UUID accountId) {
		return this.levels.list(accountId).stream().map((level) -> of(accountId, level)).toList();
	}

	@PatchMapping("/{id}")
	LevelResponse update(@PathVariable UUID accountId, @PathVariable UUID id, @RequestBody LevelRequest request) {
		return of(accountId, this.levels.update(accountId, id, request.name(), request.rank()));
	}

	/** The Entra group whose members get this level. */
	@PutMapping("/{id}/group")
	ResponseEntity<Void> mapGroup(@PathVariable UUID accountId, @PathVariable UUID id,
			@RequestBody GroupRequest request) {
		this.levels.mapGroup(accountId, id, request.groupId());
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}/group")
	ResponseEntity<Void> unmapGroup(@PathVariable UUID accountId, @PathVariable UUID id) {
		this.levels.unmapGroup(accountId, id);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID accountId, @PathVariable UUID id) {
		this.levels.delete(accountId, id);
		return ResponseEntity.noContent().build();
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/permission-levels/{id}",
				"/api/accounts/{accountId}/permission-levels/{id}/group",
				"/admin/accounts/{accountId}/levels/{levelId}", "/admin/accounts/{accountId}/levels/{levelId}/delete");
	}

	/**
	 * What the audit trail records of this setting before and after a change: what a GET
	 * answers.
	 */
	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		UUID levelId = AuditSnapshot.id(variables, "levelId", "id");
		return list(accountId).stream()
			.filter((level) -> level.id().equals(levelId))
			.findFirst()
			.map(Object.class::cast);
	}

}
