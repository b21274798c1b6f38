import { Button } from "~/components/ui/button";
import { DialogFooter } from "~/components/ui/dialog";

/** Cancel and submit for a form in a dialog; while it submits, the submit button ignores clicks (keeping focus) and says `pendingLabel`. */
export function FormDialogFooter(props: { label: string; pendingLabel: string; submitting: boolean; onCancel: () => void; destructive?: boolean }) {
  return (
    <DialogFooter>
      <Button type="button" variant="outline" onClick={props.onCancel}>
        Cancel
      </Button>
      <Button type="submit" variant={props.destructive ? "destructive" : "default"} busy={props.submitting}>
        {props.submitting ? props.pendingLabel : props.label}
      </Button>
    </DialogFooter>
  );
}
