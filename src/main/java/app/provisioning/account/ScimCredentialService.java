package app.provisioning.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Resolves a presented SCIM bearer token to the account that owns it. */
@Service
class ScimCredentialService {

	private final ScimCredentialRepository credentials;

	ScimCredentialService(ScimCredentialRepository credentials) {
		this.credentials = credentials;
	}

	@Transactional(readOnly = true)
	Optional<UUID> accountForToken(String token) {
		if (token == null || token.isBlank()) {
			return Optional.empty();
		}
		return this.credentials.findByTokenHash(TokenHasher.hash(token))
			.filter((credential) -> TokenHasher.matches(token, credential.getTokenHash()))
			.map(ScimCredential::getAccountId);
	}

}
