package app.provisioning.mapping.web;

import java.util.Map;
import java.util.UUID;

import app.provisioning.platform.Refusal;
import app.provisioning.mapping.feed.ChangeFeed;
import app.provisioning.mapping.feed.FeedEvent;
import app.provisioning.platform.AdminApi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The change feed of an account's records: read in order with a cursor, or from now on.
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}/events")
class EventsController {

	private final ChangeFeed feed;

	EventsController(ChangeFeed feed) {
		this.feed = feed;
	}

	@GetMapping
	ChangeFeed.Page read(@PathVariable UUID accountId, @RequestParam(required = false) String after,
			@RequestParam(required = false) Integer limit) {
		return this.feed.read(accountId, after, limit);
	}

	@GetMapping("/head")
	Map<String, String> head(@PathVariable UUID accountId) {
		return Map.of("cursor", this.feed.head(accountId));
	}

	@GetMapping("/{eventId}")
	FeedEvent event(@PathVariable UUID accountId, @PathVariable String eventId) {
		return this.feed.event(accountId, eventId)
			.orElseThrow(() -> Refusal.notFound("Event " + eventId + " (it may have been purged)"));
	}

}
