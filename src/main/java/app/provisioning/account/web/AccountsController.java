package app.provisioning.account.web;

import java.util.Set;
import java.util.Optional;
import java.util.Map;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;

import app.provisioning.platform.AdminApi;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Accounts and their SCIM secret tokens (administration API). */
@RestController
@AdminApi
@RequestMapping("/api/accounts")
class AccountsController implements AuditSnapshot {

	private final AccountService accounts;

	AccountsController(AccountService accounts) {
		this.accounts = accounts;
	}

	record AccountRequest(String name, String entraTenantId, Integer requestsPerSecond, Boolean acceptEntraTokens) {

		AccountService.AccountChanges changes() {
			return new AccountService.AccountChanges(this.name, this.entraTenantId, this.requestsPerSecond,
					this.acceptEntraTokens);
		}

	}

	record TokenRequest(String label, Instant expiresAt) {
	}

	@PostMapping
	ResponseEntity<AccountResponse> create(@RequestBody AccountRequest request) {
		AccountResponse created = AccountResponse.of(this.accounts.create(request.changes()));
		return ResponseEntity.created(URI.create("/api/accounts/" + created.id())).body(created);
	}

	/** The operator sees every account; a member or an account API key only its own. */
	@GetMapping
	List<AccountResponse> list(Authentication caller) {
		AccountAccess access = AccountAccess.of(caller);
		return this.accounts.list()
			.stream()
			.filter((account) -> access.sees(account.getId()))
			.map(AccountResponse::of)
			.toList();
	}

	@GetMapping("/{id}")
	AccountResponse get(@PathVariable UUID id) {
		return AccountResponse.of(this.accounts.get(id));
	}

	/**
	 * The name, the Entra tenant and the request limit are the operator's: the tenant
	 * decides whose sign-ins and tokens the account accepts. The account's administrators
	 * choose whether Entra-issued tokens are accepted.
	 */
	@PatchMapping("/{id}")
	AccountResponse update(@PathVariable UUID id, @RequestBody AccountRequest request, Authentication caller) {
		boolean operatorFields = request.name() != null || request.entraTenantId() != null
				|| request.requestsPerSecond() != null;
		if (operatorFields && !AccountAccess.of(caller).operator()) {
			throw Refusal.forbidden("name, entraTenantId and requestsPerSecond are set"
					+ " by the operator; an account's administrators may change acceptEntraTokens");
		}
		return AccountResponse.of(this.accounts.update(id, request.changes()));
	}

	@PostMapping("/{id}/suspend")
	AccountResponse suspend(@PathVariable UUID id) {
		return AccountResponse.of(this.accounts.suspend(id));
	}

	@PostMapping("/{id}/activate")
	AccountResponse activate(@PathVariable UUID id) {
		return AccountResponse.of(this.accounts.activate(id));
	}

	@PostMapping("/{id}/scim-tokens")
	ResponseEntity<TokenResponse> issueToken(@PathVariable UUID id,
			@RequestBody(required = false) TokenRequest request) {
		TokenRequest body = (request != null) ? request : new TokenRequest(null, null);
		var issued = this.accounts.issueToken(id, body.label(), body.expiresAt());
		return ResponseEntity.created(URI.create("/api/accounts/" + id + "/scim-tokens/" + issued.credential().getId()))
			.body(TokenResponse.of(issued.credential(), issued.token()));
	}

	@GetMapping("/{id}/scim-tokens")
	List<TokenResponse> tokens(@PathVariable UUID id) {
		return this.accounts.tokens(id).stream().map(TokenResponse::of).toList();
	}

	@DeleteMapping("/{id}/scim-tokens/{tokenId}")
	TokenResponse revokeToken(@PathVariable UUID id, @PathVariable UUID tokenId) {
		return TokenResponse.of(this.accounts.revokeToken(id, tokenId));
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{id}");
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
