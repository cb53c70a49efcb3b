package app.provisioning.mapping.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.provisioning.account.AccountAccess;
import app.provisioning.platform.Refusal;
import app.provisioning.audit.AuditSnapshot;
import app.provisioning.mapping.HeldDeactivations;
import app.provisioning.platform.AdminApi;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The deactivation brake of an account: its settings, the deactivations it holds, and an
 * administrator's decisions on them.
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}")
class DeactivationBrakeController implements AuditSnapshot {

	private static final String BRAKE = "/api/accounts/{accountId}/deactivation-brake";

	private final HeldDeactivations held;

	DeactivationBrakeController(HeldDeactivations held) {
		this.held = held;
	}

	/** Which held deactivations a decision is about: some by id, or all. */
	record Decision(List<Long> ids, Boolean all) {

		List<Long> chosen() {
			boolean everything = Boolean.TRUE.equals(this.all);
			if (everything == (this.ids != null)) {
				throw Refusal.invalid(
						"give either ids (the held deactivations to decide) or \"all\": true, not both or neither");
			}
			return everything ? null : this.ids;
		}

	}

	@GetMapping("/deactivation-brake")
	HeldDeactivations.Brake brake(@PathVariable UUID accountId) {
		return this.held.brake(accountId);
	}

	@PatchMapping("/deactivation-brake")
	HeldDeactivations.Brake change(@PathVariable UUID accountId,
			@RequestBody(required = false) HeldDeactivations.BrakeChange change) {
		return this.held.changeBrake(accountId, change);
	}

	@GetMapping("/held-deactivations")
	HeldDeactivations.Page list(@PathVariable UUID accountId, @RequestParam(required = false) String state,
			@RequestParam(required = false) String after, @RequestParam(required = false) Integer limit) {
		return this.held.list(accountId, state, after, limit);
	}

	@PostMapping("/held-deactivations/release")
	Map<String, Integer> release(@PathVariable UUID accountId, @RequestBody(required = false) Decision decision,
			Authentication caller) {
		List<Long> ids = required(decision).chosen();
		return Map.of("released", this.held.release(accountId, ids, AccountAccess.of(caller).actor()));
	}

	@PostMapping("/held-deactivations/discard")
	Map<String, Integer> discard(@PathVariable UUID accountId, @RequestBody(required = false) Decision decision,
			Authentication caller) {
		List<Long> ids = required(decision).chosen();
		return Map.of("discarded", this.held.discard(accountId, ids, AccountAccess.of(caller).actor()));
	}

	private static Decision required(Decision decision) {
		return (decision != null) ? decision : new Decision(null, null);
	}

	@Override
	public Set<String> routes() {
		return Set.of(BRAKE, "/admin/accounts/{accountId}/deactivation-brake");
	}

	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		return Optional.of(this.held.brake(accountId).settings());
	}

}
