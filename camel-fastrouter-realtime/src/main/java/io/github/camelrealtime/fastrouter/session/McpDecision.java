package io.github.camelrealtime.fastrouter.session;

/**
 * The answer to an {@link McpApprovalRequest}: the {@code approve} and {@code reason} of the
 * {@code mcp_approval_response} item the component sends.
 *
 * @param reason why, for the model (it may tell the user); null sends none
 */
public record McpDecision(boolean approve, String reason) {

    public static McpDecision approve(String reason) {
        return new McpDecision(true, reason);
    }

    public static McpDecision deny(String reason) {
        return new McpDecision(false, reason);
    }
}
