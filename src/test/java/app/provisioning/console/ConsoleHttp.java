package app.provisioning.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's view of the administration pages over real HTTP: cookies by hand, the CSRF
 * token from the sign-in form, and optionally a client address (the server trusts
 * X-Forwarded-For from a local proxy, so each test can be a different visitor).
 */
public final class ConsoleHttp {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final int port;

	private final String clientAddress;

	public ConsoleHttp(int port, String clientAddress) {
		this.port = port;
		this.clientAddress = clientAddress;
	}

	public HttpResponse<String> get(String path, String cookies) throws Exception {
		return HTTP.send(request(path, cookies).build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> post(String path, String form, String cookies) throws Exception {
		return HTTP.send(request(path, cookies).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path, String cookies) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (cookies != null) {
			request.header("Cookie", cookies);
		}
		if (this.clientAddress != null) {
			request.header("X-Forwarded-For", this.clientAddress);
		}
		return request;
	}

	/** The sign-in page's CSRF cookie and hidden token. */
	public String[] csrf() throws Exception {
		HttpResponse<String> login = get("/admin/login", null);
		String cookie = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("XSRF-TOKEN="))
			.findFirst()
			.orElseThrow()
			.split(";")[0];
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
		assertThat(token.find()).as(login.body()).isTrue();
		return new String[] { cookie, token.group(1) };
	}

	/** Posts the sign-in form with this key. */
	public HttpResponse<String> signIn(String key) throws Exception {
		String[] csrf = csrf();
		return post("/admin/login", "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&_csrf=" + csrf[1],
				csrf[0]);
	}

	/** The cookies of a signed-in administrator. */
	public String session(String key) throws Exception {
		String[] csrf = csrf();
		HttpResponse<String> response = post("/admin/login",
				"key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&_csrf=" + csrf[1], csrf[0]);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("console_session="))
			.findFirst()
			.orElseThrow()
			.split(";")[0] + "; " + csrf[0];
	}

	/** A random private address, so that counts kept per address belong to one test. */
	public static String randomAddress() {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	/** What a page lists as the problems of a refused form, one per item. */
	public static List<String> problemsListed(String page) {
		Matcher list = Pattern.compile("<ul class=\"problems\">(.*?)</ul>", Pattern.DOTALL).matcher(page);
		assertThat(list.find()).as(page).isTrue();
		return Pattern.compile("<li>(.*?)</li>", Pattern.DOTALL)
			.matcher(list.group(1))
			.results()
			.map((item) -> item.group(1))
			.toList();
	}

}
