// Licensed under the MIT License.
package io.github.openaipolicies.redis.implementation;

import io.github.openaipolicies.gate.ThrottleAdmission;
import io.github.openaipolicies.gate.ThrottleHoldReason;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admission of the Redis-backed gate: the in-memory part's admission it stands on, the grant's place in the
 * key's shared sequence (0 when Redis was not consulted), and the gate that gave it.
 */
public final class RedisAdmission extends ThrottleAdmission {
    private final Object owner;
    private final ThrottleAdmission local;
    private final Grant grant;
    private final AtomicBoolean reported = new AtomicBoolean();

    /**
     * Creates an admission.
     *
     * @param owner the gate that gave it
     * @param local the in-memory part's admission
     * @param grant Redis's grant, or {@link Grant#LOCAL}
     * @param held how long the attempt waited in all
     * @param reason why it waited first
     */
    public RedisAdmission(Object owner, ThrottleAdmission local, Grant grant, Duration held,
        ThrottleHoldReason reason) {
        super(local.getQuotaKey(), local.getCost(), held, reason);
        this.owner = owner;
        this.local = local;
        this.grant = grant;
    }

    /**
     * The gate that gave it.
     *
     * @return the owner
     */
    public Object owner() {
        return owner;
    }

    /**
     * The in-memory part's admission.
     *
     * @return the local admission
     */
    public ThrottleAdmission local() {
        return local;
    }

    /**
     * Redis's grant.
     *
     * @return the grant, {@link Grant#LOCAL} when Redis was not consulted
     */
    public Grant grant() {
        return grant;
    }

    /**
     * Claims the report.
     *
     * @return true the first time only
     */
    public boolean markReported() {
        return reported.compareAndSet(false, true);
    }
}
