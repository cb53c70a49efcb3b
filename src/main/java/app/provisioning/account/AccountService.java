package app.provisioning.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates accounts and issues their SCIM secret tokens. */
@Service
public class AccountService {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AccountRepository accounts;

	private final ScimCredentialRepository credentials;

	private final Clock clock;

	AccountService(AccountRepository accounts, ScimCredentialRepository credentials, Clock clock) {
		this.accounts = accounts;
		this.credentials = credentials;
		this.clock = clock;
	}

	@Transactional
	public UUID createAccount(String name) {
		return this.accounts.save(new Account(name, this.clock.instant())).getId();
	}

	/**
	 * Issues a new secret token for the account. The returned value is the only time the
	 * token exists in clear text; only its hash is stored.
	 */
	@Transactional
	public String issueScimToken(UUID accountId, String label) {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.credentials.save(new ScimCredential(accountId, label, TokenHasher.hash(token), this.clock.instant()));
		return token;
	}

}
