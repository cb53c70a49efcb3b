package app.provisioning.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.platform.Problems;
import app.provisioning.platform.Refusal;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts and their SCIM secret tokens: what the administration API does. */
@Service
public class AccountService {

	private static final Pattern TENANT_ID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final int MAX_NAME_LENGTH = 200;

	private final AccountRepository accounts;

	private final ScimCredentialRepository credentials;

	private final Clock clock;

	private final KnownTokens knownTokens;

	AccountService(AccountRepository accounts, ScimCredentialRepository credentials, Clock clock,
			KnownTokens knownTokens) {
		this.accounts = accounts;
		this.credentials = credentials;
		this.clock = clock;
		this.knownTokens = knownTokens;
	}

	/**
	 * The changes an administrator may make to an account; null fields stay as they are.
	 */
	public record AccountChanges(String name, String entraTenantId, Integer requestsPerSecond,
			Boolean acceptEntraTokens) {

		public AccountChanges(String name, String entraTenantId, Integer requestsPerSecond) {
			this(name, entraTenantId, requestsPerSecond, null);
		}

	}

	/**
	 * A token as issued: {@code token} is the only copy of the secret that ever exists.
	 */
	public record IssuedToken(ScimCredential credential, String token) {
	}

	@Transactional
	public UUID createAccount(String name) {
		return create(new AccountChanges(name, null, null)).getId();
	}

	@Transactional
	public Account create(AccountChanges request) {
		check(request, true);
		String name = request.name().trim();
		if (this.accounts.findByNameIgnoreCase(name).isPresent()) {
			throw Refusal.conflict("An account named '" + name + "' already exists");
		}
		Account account = new Account(name, now());
		applyTenantAndLimit(account, request);
		return this.accounts.save(account);
	}

	@Transactional(readOnly = true)
	public List<Account> list() {
		return this.accounts.findAll(Sort.by("createdAt"));
	}

	@Transactional(readOnly = true)
	public Account get(UUID accountId) {
		return this.accounts.findById(accountId).orElseThrow(() -> Refusal.notFound("Account " + accountId));
	}

	@Transactional
	public Account update(UUID accountId, AccountChanges changes) {
		Account account = get(accountId);
		check(changes, false);
		if (changes.name() != null) {
			String name = changes.name().trim();
			this.accounts.findByNameIgnoreCase(name)
				.filter((other) -> !other.getId().equals(accountId))
				.ifPresent((other) -> {
					throw Refusal.conflict("An account named '" + name + "' already exists");
				});
			account.rename(name, now());
		}
		applyTenantAndLimit(account, changes);
		this.knownTokens.forgetAccount(accountId);
		return account;
	}

	@Transactional
	public Account suspend(UUID accountId) {
		Account account = get(accountId);
		account.suspend(now());
		this.knownTokens.forgetAccount(accountId);
		return account;
	}

	@Transactional
	public Account activate(UUID accountId) {
		Account account = get(accountId);
		account.activate(now());
		this.knownTokens.forgetAccount(accountId);
		return account;
	}

	/** Issues a token without expiry; see {@link #issueToken}. */
	@Transactional
	public String issueScimToken(UUID accountId, String label) {
		return issueToken(accountId, label, null).token();
	}

	/**
	 * Issues a new secret token. Earlier tokens stay valid until revoked, so Entra can be
	 * switched to the new one without a gap.
	 */
	@Transactional
	public IssuedToken issueToken(UUID accountId, String label, Instant expiresAt) {
		get(accountId);
		if (label == null || label.isBlank()) {
			label = "token";
		}
		if (label.length() > MAX_NAME_LENGTH) {
			throw Refusal.invalid("label is longer than " + MAX_NAME_LENGTH + " characters");
		}
		Instant now = now();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw Refusal.invalid("expiresAt must be in the future; it is " + expiresAt);
		}
		String token = Secrets.generate();
		ScimCredential credential = this.credentials
			.save(new ScimCredential(accountId, label.trim(), TokenHasher.hash(token), now, expiresAt));
		return new IssuedToken(credential, token);
	}

	@Transactional(readOnly = true)
	public List<ScimCredential> tokens(UUID accountId) {
		get(accountId);
		return this.credentials.findByAccountIdOrderByCreatedAt(accountId);
	}

	@Transactional
	public ScimCredential revokeToken(UUID accountId, UUID tokenId) {
		ScimCredential credential = this.credentials.findByIdAndAccountId(tokenId, accountId)
			.orElseThrow(() -> Refusal.notFound("Token " + tokenId + " of account " + accountId));
		credential.revoke(now());
		this.knownTokens.forgetAccount(accountId);
		return credential;
	}

	private void applyTenantAndLimit(Account account, AccountChanges changes) {
		if (changes.entraTenantId() != null) {
			String tenantId = changes.entraTenantId().trim();
			if (tenantId.isEmpty()) {
				account.connectTenant(null, now());
			}
			else {
				this.accounts.findByEntraTenantId(tenantId)
					.filter((other) -> !other.getId().equals(account.getId()))
					.ifPresent((other) -> {
						throw Refusal.conflict("Entra tenant " + tenantId + " is already connected to account '"
								+ other.getName() + "'");
					});
				account.connectTenant(tenantId.toLowerCase(java.util.Locale.ROOT), now());
			}
		}
		if (changes.acceptEntraTokens() != null) {
			account.acceptEntraTokens(changes.acceptEntraTokens(), now());
		}
		if (changes.requestsPerSecond() != null) {
			int limit = changes.requestsPerSecond();
			account.limitRequestsPerSecond((limit == 0) ? null : limit, now());
		}
	}

	/**
	 * Every problem in what the request says, before anything is compared with the other
	 * accounts; a name is required when creating.
	 */
	private static void check(AccountChanges changes, boolean creating) {
		Problems problems = new Problems();
		String name = changes.name();
		if (creating || name != null) {
			if (name == null || name.isBlank()) {
				problems.add("/name", "name is required");
			}
			else if (name.trim().length() > MAX_NAME_LENGTH) {
				problems.add("/name", "name is longer than " + MAX_NAME_LENGTH + " characters");
			}
		}
		String tenantId = (changes.entraTenantId() != null) ? changes.entraTenantId().trim() : "";
		if (!tenantId.isEmpty() && !TENANT_ID.matcher(tenantId).matches()) {
			problems.add("/entraTenantId", "entraTenantId must be the tenant's GUID (Azure portal: Microsoft Entra ID"
					+ " → Overview → Tenant ID), e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47; got '" + tenantId + "'");
		}
		if (changes.requestsPerSecond() != null && changes.requestsPerSecond() < 0) {
			problems.add("/requestsPerSecond", "requestsPerSecond must be positive, or 0 for the server default");
		}
		problems.refuseIfAny();
	}

	private Instant now() {
		// PostgreSQL keeps microseconds: answer with what is stored.
		return this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
	}

}
