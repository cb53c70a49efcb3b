package app.provisioning.account;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Presented secrets are compared with stored hashes, never as text. */
class TokenHasherTest {

	@Test
	void theRightSecretMatchesItsHash() {
		assertThat(TokenHasher.matches("s3cret-token", TokenHasher.hash("s3cret-token"))).isTrue();
	}

	@Test
	void aSecretDifferingInOneCharacterOrInCaseDoesNotMatch() {
		byte[] stored = TokenHasher.hash("s3cret-token");
		assertThat(TokenHasher.matches("s3cret-tokeN", stored)).isFalse();
		assertThat(TokenHasher.matches("S3CRET-TOKEN", stored)).isFalse();
		assertThat(TokenHasher.matches("s3cret-token ", stored)).isFalse();
		assertThat(TokenHasher.matches("", stored)).isFalse();
	}

	@Test
	void theStoredHashIsSha256AndNeverTheSecretItself() {
		byte[] stored = TokenHasher.hash("s3cret-token");
		assertThat(stored).hasSize(32);
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
	}

	@Test
	void hashesOfDifferentLengthOrMissingHashesNeverMatch() {
		byte[] stored = TokenHasher.hash("s3cret-token");
		assertThat(TokenHasher.sameHash(stored, java.util.Arrays.copyOf(stored, 31))).isFalse();
		assertThat(TokenHasher.sameHash(stored, new byte[0])).isFalse();
		assertThat(TokenHasher.sameHash(stored, null)).isFalse();
		assertThat(TokenHasher.sameHash(stored, stored.clone())).isTrue();
	}

}
