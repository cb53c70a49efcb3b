package app.provisioning.account.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountSignInRules;
import app.provisioning.audit.AuditSnapshot;
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

/**
 * Who else may sign in: everyone with a chosen Entra app role or group, with a role.
 * Owners change them.
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}/sign-in-rules")
class AccountSignInRulesController implements AuditSnapshot {

	private final AccountSignInRules rules;

	AccountSignInRulesController(AccountSignInRules rules) {
		this.rules = rules;
	}

	record RuleRequest(String claim, String value, String role) {
	}

	record RuleResponse(UUID id, String claim, String value, String role, java.time.Instant createdAt,
			String createdBy) {

		static RuleResponse of(AccountSignInRules.Rule rule) {
			return new RuleResponse(rule.id(), rule.claim(), rule.value(), rule.role().value(), rule.createdAt(),
					rule.createdBy());
		}

	}

	@PostMapping
	ResponseEntity<RuleResponse> add(@PathVariable UUID accountId, @RequestBody RuleRequest request,
			Authentication caller) {
		AccountSignInRules.Rule rule = this.rules.add(accountId, request.claim(), request.value(), request.role(),
				AccountAccess.of(caller));
		return ResponseEntity.created(URI.create("/api/accounts/" + accountId + "/sign-in-rules/" + rule.id()))
			.body(RuleResponse.of(rule));
	}

	@GetMapping
	List<RuleResponse> list(@PathVariable UUID accountId) {
		return this.rules.list(accountId).stream().map(RuleResponse::of).toList();
	}

	@DeleteMapping("/{ruleId}")
	RuleResponse remove(@PathVariable UUID accountId, @PathVariable UUID ruleId) {
		return RuleResponse.of(this.rules.remove(accountId, ruleId));
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/sign-in-rules/{ruleId}");
	}

	/**
	 * What the audit trail records of a rule before it is removed: what the list shows of
	 * it.
	 */
	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		UUID ruleId = AuditSnapshot.id(variables, "ruleId");
		return list(accountId).stream().filter((rule) -> rule.id().equals(ruleId)).findFirst().map(Object.class::cast);
	}

}
