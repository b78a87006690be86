package io.github.camelrealtime.fastrouter.session;

/**
 * An {@code mcp_approval_request} item of a response: the server asks before it runs a tool of a remote MCP server.
 *
 * @param id          the item's id, which an {@code mcp_approval_response} names as its {@code approval_request_id}
 * @param serverLabel the {@code server_label} of the MCP tool declared in {@code tools}
 * @param name        the MCP server's tool the model wants to run
 * @param arguments   the arguments JSON the model wrote for it
 * @param responseId  the response that asked
 */
public record McpApprovalRequest(String id, String serverLabel, String name, String arguments, String responseId) {
}
