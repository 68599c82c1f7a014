import { useRef } from 'preact/hooks';

/** A button that asks first, in a modal dialog (keyboard: Esc cancels, focus starts on Cancel). */
export function ConfirmButton(props: { label: string; question: string; confirmLabel: string; danger?: boolean; disabled?: boolean; onConfirm: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button class={props.danger ? 'danger' : undefined} disabled={props.disabled} onClick={() => dialog.current!.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-label={props.label}>
        <p>{props.question}</p>
        <form method="dialog" class="dialog-actions">
          <button value="cancel" autofocus>
            Cancel
          </button>
          <button class={props.danger ? 'danger' : 'primary'} value="confirm" onClick={() => props.onConfirm()}>
            {props.confirmLabel}
          </button>
        </form>
      </dialog>
    </>
  );
}
