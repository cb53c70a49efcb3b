package app.provisioning.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer of the product, connected to one Entra tenant. Every other row belongs to one. */
@Entity
@Table(name = "account")
public class Account {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String name;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Account() {
	}

	public Account(String name, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.name = name;
		this.createdAt = createdAt;
	}

	public UUID getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

}
