package app.provisioning.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A customer of the product, connected to one Entra tenant. Every other row belongs to
 * one. A suspended account keeps its data but its SCIM credentials are refused with 403.
 */
@Entity
@Table(name = "account")
public class Account {

	public enum State {

		ACTIVE, SUSPENDED

	}

	@Id
	private UUID id;

	@Column(nullable = false)
	private String name;

	@Column(name = "entra_tenant_id")
	private String entraTenantId;

	@Column(nullable = false)
	@Convert(converter = StateColumn.class)
	private State state;

	@Column(name = "requests_per_second")
	private Integer requestsPerSecond;

	@Column(name = "accept_entra_tokens", nullable = false)
	private boolean acceptEntraTokens;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected Account() {
	}

	public Account(String name, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.state = State.ACTIVE;
		this.createdAt = createdAt;
		this.updatedAt = createdAt;
	}

	public UUID getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public String getEntraTenantId() {
		return this.entraTenantId;
	}

	public State getState() {
		return this.state;
	}

	public boolean isActive() {
		return this.state == State.ACTIVE;
	}

	/**
	 * Requests per second this account may send to the SCIM API; null means the server
	 * default.
	 */
	public Integer getRequestsPerSecond() {
		return this.requestsPerSecond;
	}

	/**
	 * Whether JWTs that Entra issues itself (Secret Token left blank) act for this
	 * account.
	 */
	public boolean acceptsEntraTokens() {
		return this.acceptEntraTokens;
	}

	void acceptEntraTokens(boolean accept, Instant now) {
		this.acceptEntraTokens = accept;
		this.updatedAt = now;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	void rename(String newName, Instant now) {
		this.name = newName;
		this.updatedAt = now;
	}

	void connectTenant(String tenantId, Instant now) {
		this.entraTenantId = tenantId;
		this.updatedAt = now;
	}

	void limitRequestsPerSecond(Integer limit, Instant now) {
		this.requestsPerSecond = limit;
		this.updatedAt = now;
	}

	void suspend(Instant now) {
		this.state = State.SUSPENDED;
		this.updatedAt = now;
	}

	void activate(Instant now) {
		this.state = State.ACTIVE;
		this.updatedAt = now;
	}

	/**
	 * Stored in lower case ('active', 'suspended'), as the column's check constraint
	 * says.
	 */
	static final class StateColumn implements AttributeConverter<State, String> {

		@Override
		public String convertToDatabaseColumn(State state) {
			return (state != null) ? state.name().toLowerCase(java.util.Locale.ROOT) : null;
		}

		@Override
		public State convertToEntityAttribute(String column) {
			return (column != null) ? State.valueOf(column.toUpperCase(java.util.Locale.ROOT)) : null;
		}

	}

}
