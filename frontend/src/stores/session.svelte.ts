// Who is practising: the signed-in learner (a guest at first), the saved
// profiles, and whether it is time to ask a guest to save their progress.
import { errorMessage, Profiles, type SignIn } from '../api';

class Session {
  state = $state<SignIn | null>(null);
  error = $state('');

  get learner() {
    return this.state?.learner ?? null;
  }

  /** Runs a profiles call and takes the state it returns; false on failure. */
  async run(call: () => Promise<SignIn>): Promise<boolean> {
    this.error = '';
    try {
      this.state = await call();
      return true;
    } catch (e) {
      this.error = errorMessage(e);
      return false;
    }
  }

  load = () => this.run(Profiles.Current);
}

export const session = new Session();
