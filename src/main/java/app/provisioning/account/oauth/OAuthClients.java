package app.provisioning.account.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;
import app.provisioning.account.Secrets;
import app.provisioning.account.TokenHasher;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * OAuth clients of accounts: issue, rotate the secret, revoke, and check presented
 * secrets.
 */
@Service
public class OAuthClients {

	private final OAuthClientRepository clients;

	private final AccountService accounts;

	private final Clock clock;

	OAuthClients(OAuthClientRepository clients, AccountService accounts, Clock clock) {
		this.clients = clients;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** A client with its secret: the only time the secret exists in clear text. */
	public record IssuedClient(OAuthClient client, String clientSecret) {
	}

	@Transactional
	public IssuedClient issue(UUID accountId, String label) {
		this.accounts.get(accountId);
		String secret = Secrets.generate();
		String name = (label == null || label.isBlank()) ? "Entra provisioning" : label.trim();
		OAuthClient client = new OAuthClient(accountId, UUID.randomUUID().toString(), name, TokenHasher.hash(secret),
				now());
		return new IssuedClient(this.clients.save(client), secret);
	}

	@Transactional(readOnly = true)
	public List<OAuthClient> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.clients.findByAccountIdOrderByCreatedAt(accountId);
	}

	/**
	 * A new secret for the same client ID; the old secret stops working at once, and so
	 * do the tokens issued with it (a rotation usually follows a leak).
	 */
	@Transactional
	public IssuedClient rotateSecret(UUID accountId, UUID id) {
		OAuthClient client = find(accountId, id);
		if (client.isRevoked()) {
			throw Refusal.conflict("Client " + client.getClientId() + " is revoked; issue a new client");
		}
		String secret = Secrets.generate();
		client.replaceSecret(TokenHasher.hash(secret), now());
		return new IssuedClient(client, secret);
	}

	/**
	 * Revokes the client: no new tokens, and tokens already issued to it stop working.
	 */
	@Transactional
	public OAuthClient revoke(UUID accountId, UUID id) {
		OAuthClient client = find(accountId, id);
		client.revoke(now());
		return client;
	}

	/**
	 * The client whose ID and secret these are, if both are right and it is not revoked.
	 */
	@Transactional
	Optional<OAuthClient> authenticate(String clientId, String secret) {
		Optional<OAuthClient> found = this.clients.findByClientId(clientId);
		// Hash and compare even for an unknown client ID, so timing does not tell which
		// IDs exist.
		byte[] expected = found.map(OAuthClient::getSecretHash).orElseGet(() -> TokenHasher.hash(""));
		boolean matches = TokenHasher.matches(secret, expected);
		if (found.isEmpty() || !matches || found.get().isRevoked()) {
			return Optional.empty();
		}
		found.get().used(now());
		return found;
	}

	@Transactional(readOnly = true)
	Optional<OAuthClient> byClientId(String clientId) {
		return this.clients.findByClientId(clientId);
	}

	private OAuthClient find(UUID accountId, UUID id) {
		return this.clients.findByIdAndAccountId(id, accountId)
			.orElseThrow(() -> Refusal.notFound("OAuth client " + id + " of account " + accountId));
	}

	/** PostgreSQL keeps microseconds: answer with what is stored. */
	Instant now() {
		return this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
	}

}
