package app.provisioning.platform;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problems answered outside any controller (the firewall, an unknown path, Tomcat's
 * errors) have the RFC 9457 members the controllers' problems have, whatever the detail
 * or the path holds.
 */
class ErrorPagesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aProblemHasTheStandardMembers() {
		JsonNode problem = JSON.readTree(ErrorPages.problem(404, "Account 42 not found", "/api/accounts/42"));
		assertThat(problem.has("type")).as("left out, which RFC 9457 reads as about:blank").isFalse();
		assertThat(problem.path("title").asText()).isEqualTo("Not Found");
		assertThat(problem.path("status").asInt()).isEqualTo(404);
		assertThat(problem.path("detail").asText()).isEqualTo("Account 42 not found");
		assertThat(problem.path("instance").asText()).isEqualTo("/api/accounts/42");
	}

	@Test
	void withoutAPathThereIsNoInstanceAndAnUnknownStatusStillHasATitle() {
		JsonNode problem = JSON.readTree(ErrorPages.problem(599, "Odd"));
		assertThat(problem.has("instance")).isFalse();
		assertThat(problem.path("title").asText()).isEqualTo("Error");
	}

	@Test
	void quotesControlCharactersAndPathsThatAreNoValidUri() {
		JsonNode problem = JSON
			.readTree(ErrorPages.problem(400, "a \"quoted\" \\ value\nwith\u0001control", "/api/a b/<x>%zz"));
		assertThat(problem.path("detail").asText()).isEqualTo("a \"quoted\" \\ value\nwith\u0001control");
		assertThat(problem.path("instance").asText()).isEqualTo("/api/a%20b/%3Cx%3E%25zz");
	}

}
