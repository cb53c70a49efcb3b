package app.provisioning.platform;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOG_FORMAT=json: one JSON object per line, and every line written while a request is
 * served carries its request id (and the SCIM caller's account). The dispatcher's debug
 * lines stand in for whatever a request logs.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
		properties = { "LOG_FORMAT=json", "logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG" })
class JsonLogTest extends ScimIntegrationTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void everyLogLineOfARequestCarriesItsRequestIdAndAccount(CapturedOutput output) throws Exception {
		ScimClient scim = newTenant();
		String requestId = "trace-" + System.nanoTime();
		assertThat(scim.send("GET", "/Users?count=1", null, Map.of("X-Request-Id", requestId)).status()).isEqualTo(200);

		List<JsonNode> lines = JSON.readerFor(JsonNode.class)
			.<JsonNode>readValues(output.getOut())
			.readAll()
			.stream()
			.filter((line) -> line.path("message").asText().contains("/scim/v2/Users"))
			.toList();
		assertThat(lines).as(output.getOut()).isNotEmpty();
		for (JsonNode line : lines) {
			assertThat(line.path("requestId").asText()).as(line.toString()).isEqualTo(requestId);
			assertThat(line.path("accountId").asText()).as(line.toString()).isEqualTo(scim.accountId().toString());
			assertThat(line.has("@timestamp")).isTrue();
			assertThat(line.path("log").path("level").asText()).isEqualTo("DEBUG");
		}
	}

}
