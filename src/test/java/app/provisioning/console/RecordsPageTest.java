package app.provisioning.console;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's records list: People and login users, searched, filtered and paged, with
 * links on.
 */
class RecordsPageTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private ScimClient peopleTenant() {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"people","target":"people","uniqueIdentifier":"user_principal_name","fields":[
				 {"attribute":"userName","field":"Login"},{"attribute":"Manager","field":"Manager"}]}""", JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		return scim;
	}

	private static List<String> rows(String html) {
		List<String> ids = new ArrayList<>();
		Matcher row = Pattern.compile("<tr id=\"record-([0-9a-f-]{36})\">\\s*<td>([^<]*)</td>").matcher(html);
		while (row.find()) {
			ids.add(row.group(2));
		}
		return ids;
	}

	@Test
	void theAccountPageLinksToRecordsThatAreSearchedFilteredAndPaged() throws Exception {
		ScimClient scim = peopleTenant();
		for (int i = 0; i < 51; i++) {
			scim.post("/Users", userBody("user" + i + "@contoso.com"));
		}
		String hostile = scim.post("/Users", userBody("<script>x</script>@contoso.com")).id();
		scim.patch("/Users/" + hostile, patchBody("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
		ConsoleHttp browser = new ConsoleHttp(this.port, null);
		String session = browser.session(ADMIN_KEY);
		String base = "/admin/accounts/" + scim.accountId();

		assertThat(browser.get(base, session).body()).contains("href=\"" + base + "/records\"");
		HttpResponse<String> first = browser.get(base + "/records", session);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(rows(first.body())).hasSize(50);
		Matcher next = Pattern.compile("id=\"next\"\\s+href=\"([^\"]+)\"").matcher(first.body());
		assertThat(next.find()).as("a link to the next page").isTrue();
		String second = browser.get(next.group(1).replace("&amp;", "&"), session).body();
		assertThat(rows(second)).hasSize(2).doesNotContainAnyElementsOf(rows(first.body()));
		assertThat(second).doesNotContain("id=\"next\"");

		String inactive = browser.get(base + "/records?kind=people&status=inactive", session).body();
		assertThat(rows(inactive)).containsExactly("&lt;script&gt;x&lt;/script&gt;@contoso.com");
		assertThat(inactive).doesNotContain("<script>x</script>");
		String found = browser.get(base + "/records?kind=people&uniqueIdentifier=USER7%40contoso.com", session).body();
		assertThat(rows(found)).containsExactly("user7@contoso.com");
		assertThat(found).contains("/timeline?user=");
		String refused = browser.get(base + "/records?status=maybe", session).body();
		assertThat(refused).contains("status must be active or inactive");
		assertThat(browser.get(base + "/records?kind=login-users", session).body()).contains("No records match.");
	}

	@Test
	void aManagerIsALinkToTheManagersRecord() throws Exception {
		ScimClient scim = peopleTenant();
		String employee = scim.post("/Users", userBody("employee@contoso.com")).id();
		String manager = scim.post("/Users", userBody("boss@contoso.com")).id();
		scim.patch("/Users/" + employee,
				patchBody("[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + manager + "\"}]"));
		String bossRecord = this.jdbcTemplate.queryForObject("SELECT id::text FROM person WHERE scim_user_id = ?::uuid",
				String.class, manager);
		ConsoleHttp browser = new ConsoleHttp(this.port, null);
		String session = browser.session(ADMIN_KEY);
		String page = browser
			.get("/admin/accounts/" + scim.accountId() + "/records?uniqueIdentifier=employee%40contoso.com", session)
			.body();
		assertThat(page).containsPattern("class=\"manager\"\\s+href=\"/admin/accounts/" + scim.accountId()
				+ "/timeline\\?user=" + bossRecord + "\"");
		String timeline = browser.get("/admin/accounts/" + scim.accountId() + "/timeline?user=" + bossRecord, session)
			.body();
		assertThat(timeline).contains("boss@contoso.com");
	}

}
