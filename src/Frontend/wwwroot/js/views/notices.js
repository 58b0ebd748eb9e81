// Words for the events of a room's sequence that are shown as notices in the message list.

const roles = { owner: 'the owner', admin: 'an admin', member: 'a member' };

/** @param {{kind: string, actorId: string, actorName: string, userId?: string, username?: string, role?: string, name?: string}} roomEvent */
export function noticeText(roomEvent, me) {
  const actor = roomEvent.actorId === me.userId ? 'You' : roomEvent.actorName;
  const member = roomEvent.userId === me.userId ? 'you' : roomEvent.username;
  switch (roomEvent.kind) {
    case 'member_joined': return `${actor} joined.`;
    case 'member_left': return `${actor} left.`;
    case 'member_removed': return `${actor} removed ${member}.`;
    case 'role_changed': return `${actor} made ${member} ${roles[roomEvent.role] ?? roomEvent.role}.`;
    case 'room_changed': return `${actor} changed the room: ${roomEvent.name}${roomEvent.topic ? ` — ${roomEvent.topic}` : ''}.`;
    default: return `${actor} changed something.`;
  }
}
