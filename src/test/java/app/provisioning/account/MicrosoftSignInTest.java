package app.provisioning.account;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import app.provisioning.support.FakeMicrosoftLogin;
import app.provisioning.support.FakeMicrosoftLogin.Person;
import app.provisioning.support.FakeMicrosoftLogin.Spoil;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customers' administrators sign in to the administration pages with Microsoft, through a
 * fake of Entra's sign-in over real HTTP, and see only their own account, as their role
 * allows.
 */
class MicrosoftSignInTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final FakeMicrosoftLogin microsoft = FakeMicrosoftLogin.get();

	/** A browser: keeps cookies, follows nothing by itself. */
	private final class Browser {

		private final Map<String, String> cookies = new LinkedHashMap<>();

		HttpResponse<String> get(String pathOrUrl) throws Exception {
			return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
		}

		HttpResponse<String> post(String path, String form) throws Exception {
			return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + csrf())));
		}

		/**
		 * The hidden token of a form, as the sign-in page renders it for this browser's
		 * CSRF cookie.
		 */
		private String csrf() throws Exception {
			String token = firstMatch(get("/admin/login").body(), "name=\"_csrf\" value=\"([^\"]+)\"");
			assertThat(token).isNotNull();
			return token;
		}

		private URI uri(String pathOrUrl) {
			return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : "http://localhost:" + port + pathOrUrl);
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
			if (!this.cookies.isEmpty()) {
				request.header("Cookie",
						this.cookies.entrySet()
							.stream()
							.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
							.collect(Collectors.joining("; ")));
			}
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			for (String header : response.headers().allValues("Set-Cookie")) {
				String pair = header.split(";")[0];
				String name = pair.substring(0, pair.indexOf('='));
				String value = pair.substring(pair.indexOf('=') + 1);
				if (value.isEmpty()) {
					this.cookies.remove(name);
				}
				else {
					this.cookies.put(name, value);
				}
			}
			return response;
		}

		boolean signedIn() {
			return this.cookies.containsKey(ConsoleSessions.COOKIE);
		}

		/**
		 * Clicks "Sign in with Microsoft", lets the person pick their account, follows
		 * the way back.
		 */
		HttpResponse<String> signInWithMicrosoft(Person person, Spoil spoil) throws Exception {
			HttpResponse<String> page = get("/admin/login");
			assertThat(page.body()).contains("Sign in with Microsoft");
			HttpResponse<String> start = get("/admin/login/oauth2/authorization/microsoft");
			assertThat(start.statusCode()).isEqualTo(302);
			String authorize = start.headers().firstValue("Location").orElseThrow();
			assertThat(authorize).startsWith(microsoft.base() + "/organizations/oauth2/v2.0/authorize?")
				.contains("code_challenge_method=S256")
				.contains("nonce=")
				.contains("client_id=" + FakeMicrosoftLogin.CLIENT_ID);
			return get(microsoft.authorize(authorize, person, spoil));
		}

	}

	private UUID accountOfTenant(String tenantId) {
		UUID account = newTenant().accountId();
		ScimResponse connected = admin().send("PATCH", "/accounts/" + account,
				"{\"entraTenantId\":\"" + tenantId + "\"}", JSON);
		assertThat(connected.status()).as(connected.rawBody()).isEqualTo(200);
		return account;
	}

	private String addMember(UUID account, String body) {
		ScimResponse added = admin().send("POST", "/accounts/" + account + "/members", body, JSON);
		assertThat(added.status()).as(added.rawBody()).isEqualTo(201);
		return added.id();
	}

	@Test
	void aMemberSignsInAndSeesOnlyTheirAccountAsTheirRoleAllows() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		UUID other = accountOfTenant(UUID.randomUUID().toString());
		Person viewer = Person.random(tenant);
		addMember(account, "{\"objectId\":\"" + viewer.objectId() + "\",\"role\":\"viewer\"}");

		Browser browser = new Browser();
		HttpResponse<String> back = browser.signInWithMicrosoft(viewer, Spoil.NONE);
		assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
		assertThat(back.headers().firstValue("Location").orElseThrow()).endsWith("/admin");
		assertThat(browser.signedIn()).isTrue();
		assertThat(back.headers().allValues("Set-Cookie")).anyMatch((cookie) -> cookie.startsWith("console_session=")
				&& cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));

		HttpResponse<String> accounts = browser.get("/admin");
		assertThat(accounts.statusCode()).isEqualTo(200);
		assertThat(accounts.body()).contains(account.toString())
			.doesNotContain(other.toString())
			.doesNotContain("Add an account")
			.contains("Test Person");
		HttpResponse<String> page = browser.get("/admin/accounts/" + account);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"read-only\"");
		HttpResponse<String> foreign = browser.get("/admin/accounts/" + other);
		assertThat(foreign.statusCode()).isEqualTo(404);
		assertThat(foreign.body()).contains("Account " + other + " not found");

		HttpResponse<String> token = browser.post("/admin/accounts/" + account + "/tokens", "label=mine");
		assertThat(token.statusCode()).isEqualTo(403);
		assertThat(token.body()).contains("administrator role");
		assertThat(admin().get("/accounts/" + account + "/scim-tokens").body()).hasSize(1);
		assertThat(browser.post("/admin/accounts", "name=stolen").statusCode()).isEqualTo(403);
		assertThat(browser.get("/admin/accounts/" + account + "/records").statusCode()).isEqualTo(200);
	}

	@Test
	void anAdministratorChangesTheirAccount() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		Person administrator = Person.random(tenant);
		addMember(account, "{\"objectId\":\"" + administrator.objectId() + "\",\"role\":\"administrator\"}");
		Browser browser = new Browser();
		browser.signInWithMicrosoft(administrator, Spoil.NONE);
		HttpResponse<String> page = browser.get("/admin/accounts/" + account);
		assertThat(page.body()).doesNotContain("id=\"read-only\"");
		HttpResponse<String> token = browser.post("/admin/accounts/" + account + "/tokens", "label=second");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(admin().get("/accounts/" + account + "/scim-tokens").body()).hasSize(2);
	}

	@Test
	void anOwnerManagesTheMembersOnTheAccountPage() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		Person owner = Person.random(tenant);
		String self = addMember(account, "{\"objectId\":\"" + owner.objectId() + "\",\"role\":\"owner\"}");
		Browser browser = new Browser();
		browser.signInWithMicrosoft(owner, Spoil.NONE);
		assertThat(browser.get("/admin/accounts/" + account).body()).contains("id=\"add-member\"");

		HttpResponse<String> added = browser.post("/admin/accounts/" + account + "/members",
				"person=colleague%40contoso.example&role=viewer");
		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		assertThat(added.body()).contains("colleague@contoso.example may now sign in with Microsoft as viewer");
		String colleague = admin().get("/accounts/" + account + "/members").body().get(1).get("id").asText();
		HttpResponse<String> promoted = browser.post("/admin/accounts/" + account + "/members/" + colleague + "/role",
				"role=administrator");
		assertThat(promoted.body()).contains("is now administrator");
		HttpResponse<String> alone = browser.post("/admin/accounts/" + account + "/members/" + self + "/remove", "x=1");
		assertThat(alone.statusCode()).isEqualTo(409);
		assertThat(alone.body()).contains("last owner");
		HttpResponse<String> bad = browser.post("/admin/accounts/" + account + "/members",
				"person=not+a+name&role=viewer");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("alex@contoso.com");
		assertThat(admin().get("/accounts/" + account + "/members").body()).hasSize(2);
		ScimResponse audit = admin().get("/accounts/" + account + "/audit");
		assertThat(audit.rawBody()).contains("SIGN-IN with Microsoft")
			.contains("POST /admin/accounts/{accountId}/members/{memberId}/role")
			.contains("\"actor\":\"Test Person (Microsoft)\"")
			.contains("\"role\": \"administrator\"");
		assertThat(browser.get("/admin/accounts/" + account + "/audit").body()).contains("SIGN-IN with Microsoft");

		// An administrator sees the members but not the forms, and the server refuses the
		// form anyway.
		Person administrator = new Person(tenant, UUID.randomUUID().toString(), "colleague@contoso.example",
				"Colleague");
		Browser theirs = new Browser();
		theirs.signInWithMicrosoft(administrator, Spoil.NONE);
		HttpResponse<String> page = theirs.get("/admin/accounts/" + account);
		assertThat(page.body()).contains("colleague@contoso.example").doesNotContain("id=\"add-member\"");
		assertThat(theirs.post("/admin/accounts/" + account + "/MEMBERS", "person=me%40contoso.example&role=owner")
			.statusCode()).isEqualTo(403);
		HttpResponse<String> refused = theirs.post("/admin/accounts/" + account + "/members/" + self + "/remove",
				"x=1");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("owner role");
	}

	@Test
	void anAdministratorIssuesApiKeysOnThePageAndTheyEndWhenTheyLeave() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		Person administrator = Person.random(tenant);
		String member = addMember(account,
				"{\"objectId\":\"" + administrator.objectId() + "\",\"role\":\"administrator\"}");
		addMember(account, "{\"objectId\":\"" + UUID.randomUUID() + "\",\"role\":\"owner\"}");
		Browser browser = new Browser();
		browser.signInWithMicrosoft(administrator, Spoil.NONE);
		HttpResponse<String> issued = browser.post("/admin/accounts/" + account + "/api-keys",
				"label=nightly+export&role=viewer&expires=");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
		String key = firstMatch(issued.body(), "id=\"issued-api-key\">\\s*<p>[^<]*</p>\\s*<code>([^<]+)</code>");
		assertThat(key).as(issued.body()).isNotNull();
		assertThat(browser.get("/admin/accounts/" + account).body()).doesNotContain(key).contains("nightly export");
		assertThat(admin().withToken(key).get("/accounts/" + account + "/mappings").status()).isEqualTo(200);
		assertThat(
				browser.post("/admin/accounts/" + account + "/api-keys", "role=viewer&expires=tomorrow").statusCode())
			.isEqualTo(400);

		// Made a viewer, the administrator can no longer stand behind keys: theirs are
		// revoked.
		assertThat(admin().send("PATCH", "/accounts/" + account + "/members/" + member, "{\"role\":\"viewer\"}", JSON)
			.status()).isEqualTo(200);
		assertThat(admin().withToken(key).get("/accounts/" + account + "/mappings").status()).isEqualTo(401);
		String operatorKey = admin().send("POST", "/accounts/" + account + "/api-keys", "{\"role\":\"viewer\"}", JSON)
			.body()
			.get("key")
			.asText();
		assertThat(admin().delete("/accounts/" + account + "/members/" + member).status()).isEqualTo(200);
		assertThat(admin().withToken(operatorKey).get("/accounts/" + account).status()).isEqualTo(200);
	}

	@Test
	void anInvitationByUserPrincipalNameIsBoundToTheObjectIdOfTheAccountsTenant() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		Person invited = Person.random(tenant);
		String member = addMember(account,
				"{\"userPrincipalName\":\"" + invited.userPrincipalName().toUpperCase() + "\",\"role\":\"owner\"}");

		// The same name in another tenant is another person.
		Person namesake = new Person(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				invited.userPrincipalName(), "Namesake");
		Browser stranger = new Browser();
		HttpResponse<String> refused = stranger.signInWithMicrosoft(namesake, Spoil.NONE);
		assertThat(refused.headers().firstValue("Location").orElseThrow())
			.endsWith("/admin/login?refused=not-a-member");
		assertThat(stranger.signedIn()).isFalse();
		HttpResponse<String> explained = stranger.get("/admin/login?refused=not-a-member");
		assertThat(explained.statusCode()).isEqualTo(403);
		assertThat(explained.body()).contains("not a member of any account here");

		Browser browser = new Browser();
		browser.signInWithMicrosoft(invited, Spoil.NONE);
		assertThat(browser.signedIn()).isTrue();
		ScimResponse bound = admin().get("/accounts/" + account + "/members");
		assertThat(bound.body().get(0).get("id").asText()).isEqualTo(member);
		assertThat(bound.body().get(0).get("objectId").asText()).isEqualTo(invited.objectId());
		assertThat(bound.body().get(0).get("displayName").asText()).isEqualTo("Test Person");
		assertThat(bound.body().get(0).get("lastSignInAt").isNull()).isFalse();

		// From now on the object id names them: a new name does not matter, another
		// person with the old name is refused.
		Person renamed = new Person(tenant, invited.objectId(), "renamed@contoso.example", "Test Person");
		assertThat(
				new Browser().signInWithMicrosoft(renamed, Spoil.NONE).headers().firstValue("Location").orElseThrow())
			.endsWith("/admin");
		Person impostor = new Person(tenant, UUID.randomUUID().toString(), invited.userPrincipalName(), "Impostor");
		assertThat(
				new Browser().signInWithMicrosoft(impostor, Spoil.NONE).headers().firstValue("Location").orElseThrow())
			.endsWith("refused=not-a-member");
	}

	@Test
	void signInRulesLetInWhoeverHoldsTheAppRoleOrGroupUntilTheRuleGoes() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		String group = UUID.randomUUID().toString();
		ScimResponse byRole = admin().send("POST", "/accounts/" + account + "/sign-in-rules",
				"{\"claim\":\"appRole\",\"value\":\"Provisioning.Admin\",\"role\":\"administrator\"}", JSON);
		assertThat(byRole.status()).as(byRole.rawBody()).isEqualTo(201);
		assertThat(admin()
			.send("POST", "/accounts/" + account + "/sign-in-rules",
					"{\"claim\":\"group\",\"value\":\"" + group.toUpperCase() + "\",\"role\":\"viewer\"}", JSON)
			.status()).isEqualTo(201);

		Person admin = Person.random(tenant).holding(java.util.List.of("Provisioning.Admin"), java.util.List.of());
		Browser adminBrowser = new Browser();
		assertThat(adminBrowser.signInWithMicrosoft(admin, Spoil.NONE).headers().firstValue("Location").orElseThrow())
			.endsWith("/admin");
		assertThat(adminBrowser.post("/admin/accounts/" + account + "/tokens", "label=by-rule").statusCode())
			.isEqualTo(200);

		Person reader = Person.random(tenant).holding(java.util.List.of("Other.Role"), java.util.List.of(group));
		Browser readerBrowser = new Browser();
		readerBrowser.signInWithMicrosoft(reader, Spoil.NONE);
		assertThat(readerBrowser.get("/admin/accounts/" + account).body()).contains("id=\"read-only\"");
		assertThat(readerBrowser.post("/admin/accounts/" + account + "/tokens", "label=no").statusCode())
			.isEqualTo(403);

		// The same app role in another tenant lets nobody into this account.
		Person stranger = Person.random(UUID.randomUUID().toString())
			.holding(java.util.List.of("Provisioning.Admin"), java.util.List.of(group));
		assertThat(
				new Browser().signInWithMicrosoft(stranger, Spoil.NONE).headers().firstValue("Location").orElseThrow())
			.endsWith("refused=not-a-member");
		Person without = Person.random(tenant);
		assertThat(
				new Browser().signInWithMicrosoft(without, Spoil.NONE).headers().firstValue("Location").orElseThrow())
			.endsWith("refused=not-a-member");

		// Removing the rule ends the access it gave at once.
		assertThat(admin().delete("/accounts/" + account + "/sign-in-rules/" + byRole.id()).status()).isEqualTo(200);
		assertThat(adminBrowser.get("/admin/accounts/" + account).statusCode()).isEqualTo(302);
		assertThat(readerBrowser.get("/admin/accounts/" + account).statusCode()).isEqualTo(200);

		// An owner manages the rules on the account page too.
		Person owner = Person.random(tenant);
		addMember(account, "{\"objectId\":\"" + owner.objectId() + "\",\"role\":\"owner\"}");
		Browser ownerBrowser = new Browser();
		ownerBrowser.signInWithMicrosoft(owner, Spoil.NONE);
		HttpResponse<String> added = ownerBrowser.post("/admin/accounts/" + account + "/sign-in-rules",
				"claim=appRole&value=Asset.Readers&role=viewer");
		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		assertThat(added.body()).contains("app role Asset.Readers may now sign in as viewer")
			.contains("id=\"sign-in-rules\"");
		String pageRule = admin().get("/accounts/" + account + "/sign-in-rules").body().get(1).get("id").asText();
		assertThat(ownerBrowser.post("/admin/accounts/" + account + "/sign-in-rules/" + pageRule + "/remove", "x=1")
			.body()).contains("is removed");
		assertThat(readerBrowser
			.post("/admin/accounts/" + account + "/sign-in-rules", "claim=appRole&value=Mine&role=owner")
			.statusCode()).isEqualTo(403);

		ScimResponse badGroup = admin().send("POST", "/accounts/" + account + "/sign-in-rules",
				"{\"claim\":\"group\",\"value\":\"Finance\",\"role\":\"viewer\"}", JSON);
		assertThat(badGroup.status()).isEqualTo(400);
		assertThat(badGroup.body().get("detail").asText()).contains("object id");
		ScimResponse badClaim = admin().send("POST", "/accounts/" + account + "/sign-in-rules",
				"{\"claim\":\"department\",\"value\":\"IT\",\"role\":\"viewer\"}", JSON);
		assertThat(badClaim.status()).isEqualTo(400);
		ScimResponse badClaimAndRole = admin().send("POST", "/accounts/" + account + "/sign-in-rules",
				"{\"claim\":\"department\",\"value\":\"IT\",\"role\":\"boss\"}", JSON);
		assertThat(badClaimAndRole.status()).isEqualTo(400);
		assertThat(badClaimAndRole.errorPointers()).containsExactly("/claim", "/role");
		ScimResponse twice = admin().send("POST", "/accounts/" + account + "/sign-in-rules",
				"{\"claim\":\"group\",\"value\":\"" + group + "\",\"role\":\"owner\"}", JSON);
		assertThat(twice.status()).isEqualTo(409);
		assertThat(admin().get("/accounts/" + account + "/sign-in-rules").body()).hasSize(1);
	}

	@Test
	void spoiledIdTokensAreRefusedWithAReasonAPersonUnderstands() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		Person person = Person.random(tenant);
		addMember(account, "{\"objectId\":\"" + person.objectId() + "\",\"role\":\"owner\"}");
		Map<Spoil, String> expected = Map.of(Spoil.FOREIGN_KEY, "forged", Spoil.EXPIRED, "expired",
				Spoil.OTHER_AUDIENCE, "not-for-us", Spoil.OTHER_TENANTS_ISSUER, "wrong-tenant", Spoil.NO_TENANT,
				"wrong-tenant");
		Person personal = new Person("9188040d-6c67-4c5b-b112-36a304b66dad", UUID.randomUUID().toString(),
				"someone@outlook.com", "Someone");
		assertThat(
				new Browser().signInWithMicrosoft(personal, Spoil.NONE).headers().firstValue("Location").orElseThrow())
			.endsWith("refused=wrong-tenant");
		for (Map.Entry<Spoil, String> spoil : expected.entrySet()) {
			Browser browser = new Browser();
			HttpResponse<String> back = browser.signInWithMicrosoft(person, spoil.getKey());
			assertThat(back.headers().firstValue("Location").orElseThrow()).as(spoil.getKey().name())
				.endsWith("/admin/login?refused=" + spoil.getValue());
			assertThat(browser.signedIn()).as(spoil.getKey().name()).isFalse();
			HttpResponse<String> explained = browser.get("/admin/login?refused=" + spoil.getValue());
			assertThat(explained.statusCode()).isEqualTo(401);
			assertThat(explained.body())
				.contains(HtmlUtils.htmlEscape(SignInRefusal.EXPLANATIONS.get(spoil.getValue()).substring(0, 40)));
			assertThat(browser.get("/admin").statusCode()).as(spoil.getKey().name()).isEqualTo(302);
		}
	}

	@Test
	void aCallbackCannotBeReplayedNorForgedWithoutTheBrowsersState() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		Person person = Person.random(tenant);
		addMember(account, "{\"objectId\":\"" + person.objectId() + "\",\"role\":\"owner\"}");
		Browser browser = new Browser();
		browser.get("/admin/login");
		String authorize = browser.get("/admin/login/oauth2/authorization/microsoft")
			.headers()
			.firstValue("Location")
			.orElseThrow();
		String callback = this.microsoft.authorize(authorize, person, Spoil.NONE);

		// A callback delivered to another browser (login CSRF) has no sign-in state
		// there.
		Browser victim = new Browser();
		HttpResponse<String> planted = victim.get(callback);
		assertThat(planted.headers().firstValue("Location").orElseThrow()).endsWith("refused=stale");
		assertThat(victim.signedIn()).isFalse();

		HttpResponse<String> first = browser.get(callback);
		assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/admin");
		Browser replay = new Browser();
		replay.cookies.putAll(browser.cookies);
		replay.cookies.remove(ConsoleSessions.COOKIE);
		HttpResponse<String> again = replay.get(callback);
		assertThat(again.headers().firstValue("Location").orElseThrow()).contains("refused=");
		assertThat(replay.signedIn()).isFalse();
	}

	@Test
	void removingAMemberOrSigningOutEverywhereEndsTheirSessions() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = accountOfTenant(tenant);
		Person person = Person.random(tenant);
		String member = addMember(account, "{\"objectId\":\"" + person.objectId() + "\",\"role\":\"administrator\"}");
		addMember(account, "{\"objectId\":\"" + UUID.randomUUID() + "\",\"role\":\"owner\"}");
		Browser laptop = new Browser();
		laptop.signInWithMicrosoft(person, Spoil.NONE);
		Browser phone = new Browser();
		phone.signInWithMicrosoft(person, Spoil.NONE);
		assertThat(laptop.get("/admin").statusCode()).isEqualTo(200);
		assertThat(phone.get("/admin").statusCode()).isEqualTo(200);

		HttpResponse<String> out = laptop.post("/admin/logout-everywhere", "x=1");
		assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login?signed-out");
		assertThat(phone.get("/admin").statusCode()).isEqualTo(302);
		assertThat(laptop.get("/admin").statusCode()).isEqualTo(302);

		Browser again = new Browser();
		again.signInWithMicrosoft(person, Spoil.NONE);
		assertThat(again.get("/admin").statusCode()).isEqualTo(200);
		assertThat(admin().delete("/accounts/" + account + "/members/" + member).status()).isEqualTo(200);
		HttpResponse<String> removed = again.get("/admin/accounts/" + account);
		assertThat(removed.statusCode()).isEqualTo(302);
		assertThat(removed.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");
	}

	static String firstMatch(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

}
