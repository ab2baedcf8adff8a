// The room's board: one `crdt` document holding a counter, a title and a set of tags. Every change
// shows at once, is kept in this browser while offline (even across reloads), and merges with what
// others changed meanwhile without losing anyone's: clicks add up, the latest title wins, a tag
// added anywhere stays unless someone who had seen it removes it.
export function bindBoard(board, { count, increment, title, tags, tagInput, addTag, onIncrement }) {
  let editingTitle = false;
  const render = () => {
    const value = board.value;
    count.textContent = String(value.count ?? 0);
    if (!editingTitle) title.value = value.title ?? '';
    tags.replaceChildren(...(value.tags ?? []).map((tag) => tagItem(board, tag)));
  };
  board.on('change', render);
  board.ready.then(render);
  render();

  increment.disabled = false;
  increment.addEventListener('click', () => {
    board.increment('count');
    onIncrement(board.value.count);
  });

  title.disabled = false;
  title.addEventListener('focus', () => (editingTitle = true));
  title.addEventListener('blur', () => {
    editingTitle = false;
    render();
  });
  title.addEventListener('change', () => board.set('title', title.value.trim().slice(0, 80)));

  const add = () => {
    const tag = tagInput.value.trim().slice(0, 40);
    if (tag) board.add('tags', tag);
    tagInput.value = '';
  };
  tagInput.disabled = false;
  addTag.disabled = false;
  addTag.addEventListener('click', add);
  tagInput.addEventListener('keydown', (event) => event.key === 'Enter' && add());
}

function tagItem(board, tag) {
  const item = document.createElement('li');
  item.className = 'tag';
  item.dataset.tag = tag;
  const name = document.createElement('span');
  name.textContent = tag;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'remove-tag';
  remove.title = `remove ${tag}`;
  remove.textContent = '×';
  remove.addEventListener('click', () => board.remove('tags', tag));
  item.append(name, remove);
  return item;
}
