package app.provisioning.webhooks;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Signing secrets in the Standard Webhooks {@code whsec_} form. */
class WebhookSecretTest {

	@Test
	void aGeneratedSecretIs32RandomBytesShownAsWhsecAndStandardBase64() {
		WebhookSecret secret = WebhookSecret.generate();

		assertThat(secret.key()).hasSize(32);
		assertThat(secret.text()).startsWith("whsec_").hasSize("whsec_".length() + 44);
		assertThat(Base64.getDecoder().decode(secret.text().substring(6))).isEqualTo(secret.key());
		assertThat(WebhookSecret.generate().key()).isNotEqualTo(secret.key());
	}

	@Test
	void parsingTheShownTextGivesBackTheSameSecret() {
		WebhookSecret secret = WebhookSecret.generate();

		WebhookSecret parsed = WebhookSecret.parse(secret.text());

		assertThat(parsed.key()).isEqualTo(secret.key());
		assertThat(parsed.text()).isEqualTo(secret.text());
	}

	@Test
	void theSpecificationsExampleSecretOf24BytesIsAccepted() {
		WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

		assertThat(secret.key()).hasSize(24);
		assertThat(secret.text()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
	}

	@Test
	void padding64BytesIsAcceptedAndMissingPaddingToo() {
		byte[] key = new byte[64];
		String unpadded = Base64.getEncoder().withoutPadding().encodeToString(new byte[32]);

		assertThat(WebhookSecret.parse("whsec_" + Base64.getEncoder().encodeToString(key)).key()).isEqualTo(key);
		assertThat(WebhookSecret.parse("whsec_" + unpadded).key()).hasSize(32);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "null | webhook secret is empty", "'' | webhook secret is empty",
					"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | must start with whsec_",
					"WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | must start with whsec_",
					"' whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' | must start with whsec_",
					"whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | must start with whsec_",
					"'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n' | not standard Base64",
					"whsec_MfKQ9r8GKYqr TwjUPD8ILPZIo2LaLaSw | not standard Base64",
					"whsec_MfKQ9r8GKYqr-wjUPD8ILPZIo2LaLa_w | not standard Base64",
					"whsec_MfKQ9r8GKYqr$wjUPD8ILPZIo2LaLaSw | not standard Base64",
					"whsec_ | must hold 24 to 64 random bytes, this one holds 0",
					"whsec_c2hvcnQtc2hvcnQtc2hvcnQ= | must hold 24 to 64 random bytes, this one holds 17" })
	void anythingElseIsRefusedWithWhatIsWrongButNotTheSecretItself(String text, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(text))
			.withMessageContaining(problem)
			.withMessageNotContaining("MfKQ9r8GKYqr")
			.withMessageNotContaining("c2hvcnQ");
	}

	@Test
	void moreThan64BytesAreRefused() {
		String long65 = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);

		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(long65))
			.withMessageContaining("this one holds 65; generate a new secret");
	}

	@Test
	void theKeyCannotBeChangedFromOutsideAndToStringHidesIt() {
		WebhookSecret secret = WebhookSecret.generate();
		byte[] key = secret.key();
		key[0]++;

		assertThat(secret.key()).isNotEqualTo(key);
		assertThat(secret.toString()).doesNotContain(secret.text().substring(6));
	}

}
